package io.tickwire.testing;

import java.time.Duration;

/**
 * How long a test waits for something that should happen soon before it calls it a hang. Only a
 * hang should ever reach it: a test asserts what happened (order, counts, states), never how fast,
 * and shares this one bound rather than choosing a tight one of its own (tight bounds flaked on a
 * busy 2-core CI machine). A lower bound, showing a timeout was honoured, is asserted where it is meant.
 */
public final class Patience {

    /** The bound on every wait for something that should come soon. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Patience() {
    }
}
