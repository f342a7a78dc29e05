package io.tickwire.gateway.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code {"seq":…,"quotes":[…]}} (PROTOCOL.md §4), the answer of a snapshot and of a long-poll,
 * written around quotes already encoded: nothing is serialised again per request.
 */
public final class QuoteEnvelope {

    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private QuoteEnvelope() {
    }

    public static byte[] encode(long seq, List<byte[]> quotes) {
        int size = 32;
        for (byte[] q : quotes) {
            size += q.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"seq\":" + seq + ",\"quotes\":[").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < quotes.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(quotes.get(i));
        }
        out.writeBytes(CLOSE);
        return out.toByteArray();
    }
}
