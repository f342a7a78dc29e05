package io.tickwire.bench.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The {@code bare-netty} peer's quotes, per {@code bench/peers/README.md}: each symbol drawn uniformly
 * at random (seeded), a random-walk price per symbol, a feed-wide {@code seq}, {@code ts} in epoch
 * microseconds, and each quote encoded once into the bytes of one complete WebSocket text frame
 * (header and payload): what every subscriber's socket receives, shared, never copied per subscriber.
 *
 * <p>The draws (seeds, order and number of calls) are those of the peer before it was rewritten, so the
 * old and the new peer send the same market. Not thread-safe: the publisher thread only.
 */
final class QuoteFrames {

    /** FIN + text opcode: one unfragmented text frame. */
    private static final int FIN_TEXT = 0x81;

    private final String[] symbols;
    private final SplittableRandom random = new SplittableRandom(42);
    private final SplittableRandom symbolOrder = new SplittableRandom(7);
    private final StringBuilder sb = new StringBuilder(256);
    // price model per symbol, in cents
    private final long[] mid;
    private final long[] open;
    private final long[] volume;
    private long seq;

    QuoteFrames(String[] symbols) {
        this.symbols = symbols;
        this.mid = new long[symbols.length];
        this.open = new long[symbols.length];
        this.volume = new long[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            mid[i] = 5_000 + (i * 7_919L) % 45_000; // 50.00 .. 499.99
            open[i] = mid[i];
        }
    }

    /** Quotes made so far: the {@code seq} of the last one. */
    long published() {
        return seq;
    }

    /**
     * Draws the next quote's symbol. Drawn at random, as Tickwire's simulator does: in round-robin
     * order consecutive quotes would mostly go to the same clients (subscribed to runs of adjacent
     * symbols) and share their packets.
     */
    int nextSymbol() {
        return symbolOrder.nextInt(symbols.length);
    }

    /**
     * Makes the next quote for symbol {@code s} and returns it as one WebSocket text frame, header
     * included, in a buffer from {@code alloc} that the caller owns (one reference).
     */
    ByteBuf nextFrame(int s, ByteBufAllocator alloc) {
        CharSequence json = nextQuote(s, ++seq);
        int len = json.length(); // ASCII: one byte a char
        ByteBuf frame = alloc.directBuffer(len + 4);
        // Server-to-client frames are not masked: the header is 2 bytes, 4 from 126 bytes of payload.
        frame.writeByte(FIN_TEXT);
        if (len < 126) {
            frame.writeByte(len);
        } else {
            frame.writeByte(126).writeShort(len); // quotes are far below 64 KiB
        }
        ByteBufUtil.writeAscii(frame, json);
        return frame;
    }

    /**
     * Advances symbol {@code s}'s random walk and returns its quote JSON (about 170 bytes) in a reused
     * StringBuilder: valid until the next call.
     */
    private CharSequence nextQuote(int s, long seq) {
        long m = mid[s] + random.nextInt(3) - 1;
        if (m < 100) {
            m = 100;
        }
        mid[s] = m;
        long bid = m;
        long ask = m + 1;
        long last = random.nextBoolean() ? bid : ask;
        long bidSize = 100L * (1 + random.nextInt(10));
        long askSize = 100L * (1 + random.nextInt(10));
        long lastSize = 100L * (1 + random.nextInt(5));
        long vol = volume[s] += lastSize;
        Instant now = Instant.now();
        long ts = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;

        StringBuilder b = sb;
        b.setLength(0);
        b.append("{\"type\":\"quote\",\"symbol\":\"").append(symbols[s])
                .append("\",\"seq\":").append(seq)
                .append(",\"ts\":").append(ts)
                .append(",\"bid\":");
        cents(b, bid).append(",\"ask\":");
        cents(b, ask).append(",\"last\":");
        cents(b, last).append(",\"bidSize\":").append(bidSize)
                .append(",\"askSize\":").append(askSize)
                .append(",\"lastSize\":").append(lastSize)
                .append(",\"volume\":").append(vol)
                .append(",\"open\":");
        return cents(b, open[s]).append('}');
    }

    private static StringBuilder cents(StringBuilder b, long cents) {
        long frac = cents % 100;
        b.append(cents / 100).append('.');
        if (frac < 10) {
            b.append('0');
        }
        return b.append(frac);
    }
}
