package io.tickwire.client;

import java.time.Duration;

/**
 * How long this module's tests wait for something that should happen soon before they call it a
 * hang (as {@code io.tickwire.testing.Patience} does for the modules that use test-support): only
 * a hang should reach it. Tests assert order, counts and states, never how fast.
 */
final class Patience {

    /** The bound on every wait for something that should come soon. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Patience() {
    }
}
