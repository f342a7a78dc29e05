package io.tickwire.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Finds the {@code ts} of every quote in raw received bytes (a WebSocket frame, an SSE chunk, an
 * Engine.IO packet) without parsing the JSON, so the load client is not the bottleneck it measures.
 * Every peer's quotes start with {@code {"type":"quote"} (bench/peers/README.md).
 */
final class QuoteScanner {

    private static final byte[] QUOTE = "{\"type\":\"quote\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);

    private QuoteScanner() {
    }

    /** Hands each quote's {@code ts} in {@code b}'s readable bytes to {@code ts}, in order; returns how many. */
    static int forEach(ByteBuf b, LongConsumer ts) {
        int end = b.writerIndex();
        int n = 0;
        for (int i = indexOf(b, QUOTE, b.readerIndex(), end); i >= 0; i = indexOf(b, QUOTE, i + QUOTE.length, end)) {
            int at = indexOf(b, TS, i, end);
            if (at < 0) {
                break;
            }
            long v = 0;
            int k = at + TS.length;
            for (; k < end; k++) {
                byte c = b.getByte(k);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
            }
            if (k == end) {
                break;
            }
            ts.accept(v);
            n++;
        }
        return n;
    }

    private static int indexOf(ByteBuf b, byte[] needle, int from, int end) {
        outer:
        for (int i = from; i <= end - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
