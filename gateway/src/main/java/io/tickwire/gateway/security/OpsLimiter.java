package io.tickwire.gateway.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * One WebSocket connection's request rate (PROTOCOL.md §2, {@code RATE_LIMITED}): a token bucket of
 * {@code burst} requests refilled at {@code perSecond}; a request beyond it is refused, not carried
 * out. A second bucket counts the refusals: a client that keeps sending past its rate drains it
 * and is closed (1008), one that bursts now and then is only refused.
 *
 * <p>Used by one connection's requests, one at a time (they are handled in order), so the buckets
 * need no synchronisation beyond what orders the requests. They are made at the first request: most
 * connections of a large gateway send none after connecting, and two buckets are ~0.5 KB each.
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

    private final int perSecond;
    private final int burst;
    private final int refusalsBeforeClose;
    private Bucket ops;
    private Bucket refusals;

    public OpsLimiter(int perSecond, int burst, int refusalsBeforeClose) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.refusalsBeforeClose = refusalsBeforeClose;
    }

    private static Bucket bucket(int capacity, int perSecond) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }

    public Verdict next() {
        if (ops == null) {
            // Full at the first request, as buckets made at connect would be by now.
            ops = bucket(burst, perSecond);
            refusals = bucket(refusalsBeforeClose, perSecond);
        }
        if (ops.tryConsume(1)) {
            return Verdict.GO;
        }
        return refusals.tryConsume(1) ? Verdict.REFUSE : Verdict.CLOSE;
    }
}
