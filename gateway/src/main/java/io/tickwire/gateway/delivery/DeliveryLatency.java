package io.tickwire.gateway.delivery;

import io.micrometer.core.instrument.Timer;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.concurrent.TimeUnit;

/**
 * {@code tickwire.delivery.latency}: each live quote's time from its {@code ts} to the moment its
 * batch is taken for the network, with one clock read per batch. Snapshot and resume quotes are
 * not timed by the caller: their {@code ts} says how old a price is, not how slow the gateway is.
 *
 * <p>Used under the mailbox's lock, by the drain.
 */
final class DeliveryLatency {

    private final Timer timer;
    private long nowMicros;

    DeliveryLatency(Timer timer) {
        this.timer = timer;
    }

    /** A new batch: the clock is read again at its first live quote. */
    void newBatch() {
        nowMicros = 0;
    }

    void record(EncodedQuote q) {
        if (nowMicros == 0) {
            nowMicros = Timestamps.nowMicros();
        }
        // A feed on another host may be slightly ahead of this clock: count that as no delay.
        timer.record(Math.max(0, nowMicros - q.quote().ts()), TimeUnit.MICROSECONDS);
    }
}
