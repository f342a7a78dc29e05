package io.tickwire.client;

import java.time.Duration;

/**
 * A link to the gateway ended while the application still wanted quotes: the gateway closed it
 * (a node going away, a token that ran out) or the heartbeat watchdog dropped a link that had been
 * silent too long. The client reconnects and resumes; this is the {@code cause} of the
 * {@link ConnectionState#RECONNECTING} state it reports.
 */
public final class LinkLostException extends RuntimeException {

    private final boolean silent;

    private LinkLostException(String message, boolean silent) {
        super(message, null, false, false);
        this.silent = silent;
    }

    static LinkLostException closed() {
        return new LinkLostException("the gateway closed the link", false);
    }

    static LinkLostException silentFor(Duration timeout) {
        return new LinkLostException("no frame from the gateway for " + timeout + " (heartbeat watchdog)", true);
    }

    /** Whether the heartbeat watchdog dropped the link (nothing arrived for the heartbeat timeout). */
    public boolean silent() {
        return silent;
    }
}
