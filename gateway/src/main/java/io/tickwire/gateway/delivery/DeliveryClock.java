package io.tickwire.gateway.delivery;

import java.util.function.LongSupplier;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Delivery's sense of time: a scheduler for its timers (heartbeat rounds, {@code maxRate}
 * releases) and a monotonic clock in nanoseconds. Both are replaced by virtual time in tests.
 *
 * @param scheduler runs timer tasks; they only move pointers under a mailbox's lock and wake its drain
 * @param nanoTime  a monotonic clock, never the wall clock: a clock step must not hold quotes back
 */
public record DeliveryClock(Scheduler scheduler, LongSupplier nanoTime) implements AutoCloseable {

    /** One daemon thread, {@code tickwire-timer}, and {@link System#nanoTime()}. */
    public static DeliveryClock system() {
        return new DeliveryClock(Schedulers.newSingle("tickwire-timer", true), System::nanoTime);
    }

    /** Stops the scheduler. */
    @Override
    public void close() {
        scheduler.dispose();
    }

    public long now() {
        return nanoTime.getAsLong();
    }
}
