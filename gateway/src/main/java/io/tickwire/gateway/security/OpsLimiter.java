package io.tickwire.gateway.security;

import java.util.function.LongSupplier;

/**
 * One WebSocket connection's request rate (PROTOCOL.md §2, {@code RATE_LIMITED}): a token bucket of
 * {@code burst} requests refilled at {@code perSecond}; a request beyond it is refused, not carried
 * out. A second bucket counts the refusals: a client that keeps sending past its rate drains it
 * and is closed (1008), one that bursts now and then is only refused.
 *
 * <p>Each bucket is one {@code long}: the generic cell rate algorithm (ITU-T I.371), a token
 * bucket written as the time it will be full again. A connection costs this object's 48 bytes,
 * where a Bucket4j bucket pair (kept for the per-address {@link HandshakeRate}) was ~550 bytes on
 * every connection that ever sent a request (bench/results/HUNDRED-K.md). Used by one
 * connection's requests, one at a time (they are handled in order), so it needs no
 * synchronisation beyond what orders the requests.
 */
public final class OpsLimiter {

    /** What to do with a request. */
    public enum Verdict {
        /** Carry it out. */
        GO,
        /** Answer {@code RATE_LIMITED}, do nothing else. */
        REFUSE,
        /** Refused too often: close the connection with 1008. */
        CLOSE
    }

    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    /** Nanoseconds one request (and one refusal) takes from its bucket's refill. */
    private final long interval;
    private final long opsDepth;
    private final long refusalsDepth;
    /** When each bucket is full again; a bucket takes one more while that is at most its depth ahead. */
    private long opsFullAt;
    private long refusalsFullAt;

    public OpsLimiter(int perSecond, int burst, int refusalsBeforeClose) {
        this(perSecond, burst, refusalsBeforeClose, System::nanoTime);
    }

    OpsLimiter(int perSecond, int burst, int refusalsBeforeClose, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst <= 0 || refusalsBeforeClose <= 0) {
            throw new IllegalArgumentException("rates and bursts must be positive");
        }
        this.nanoTime = nanoTime;
        this.interval = SECOND / perSecond;
        this.opsDepth = burst * interval;
        this.refusalsDepth = refusalsBeforeClose * interval;
        long now = nanoTime.getAsLong();
        this.opsFullAt = now;
        this.refusalsFullAt = now;
    }

    public Verdict next() {
        long now = nanoTime.getAsLong();
        if (opsFullAt - now < opsDepth) {
            opsFullAt = Math.max(opsFullAt, now) + interval;
            return Verdict.GO;
        }
        if (refusalsFullAt - now < refusalsDepth) {
            refusalsFullAt = Math.max(refusalsFullAt, now) + interval;
            return Verdict.REFUSE;
        }
        return Verdict.CLOSE;
    }
}
