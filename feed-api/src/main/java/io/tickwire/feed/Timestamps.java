package io.tickwire.feed;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The {@code ts} unit of the wire contract: epoch microseconds. */
public final class Timestamps {

    private Timestamps() {
    }

    public static long epochMicros(Instant i) {
        return TimeUnit.SECONDS.toMicros(i.getEpochSecond()) + i.getNano() / 1_000;
    }

    /** Now, from the system clock (microsecond resolution on Linux). */
    public static long nowMicros() {
        return epochMicros(Instant.now());
    }
}
