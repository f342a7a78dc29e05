package io.tickwire.client;

/** Where a quote stream's link stands; each change is a {@link ClientEvent.StateChanged}. */
public enum ConnectionState {
    /** Opening the first link of a stream. */
    CONNECTING,
    /** The gateway accepted the subscription; quotes flow. */
    LIVE,
    /** The link was lost; the next attempt is scheduled ({@link ClientEvent.StateChanged#retryIn()}). */
    RECONNECTING,
    /** The gateway refused the client (401, 403, a bad request): the stream ended with that error, no retry. */
    FAILED,
    /** The application cancelled the stream; the link is closed. */
    CLOSED
}
