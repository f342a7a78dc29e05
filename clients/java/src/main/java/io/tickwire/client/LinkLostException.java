package io.tickwire.client;

import java.time.Duration;

/**
 * A link to the gateway ended while the application still wanted quotes: the gateway closed it
 * (a node going away, a token that ran out) or the heartbeat watchdog dropped a link that had been
 * silent too long. The client reconnects and resumes; this is the {@code cause} of the
 * {@link ConnectionState#RECONNECTING} state it reports.
 */
public final class LinkLostException extends RuntimeException {

    /** No WebSocket close status: the link was not a WebSocket, or ended without a close frame. */
    public static final int NO_STATUS = -1;

    private final boolean silent;
    private final int closeStatus;

    private LinkLostException(String message, boolean silent, int closeStatus) {
        super(message, null, false, false);
        this.silent = silent;
        this.closeStatus = closeStatus;
    }

    static LinkLostException closed() {
        return new LinkLostException("the gateway closed the link", false, NO_STATUS);
    }

    /** A WebSocket closed with {@code status} and {@code reason} (PROTOCOL.md §2: 1001 going away, 1008 policy, …). */
    static LinkLostException closed(int status, String reason) {
        return new LinkLostException("the gateway closed the link with " + status
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"), false, status);
    }

    static LinkLostException silentFor(Duration timeout) {
        return new LinkLostException("no frame from the gateway for " + timeout + " (heartbeat watchdog)", true,
                NO_STATUS);
    }

    /** The WebSocket close status the gateway sent, or {@link #NO_STATUS}. */
    public int closeStatus() {
        return closeStatus;
    }

    /** Whether the heartbeat watchdog dropped the link (nothing arrived for the heartbeat timeout). */
    public boolean silent() {
        return silent;
    }
}
