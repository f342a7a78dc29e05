package io.tickwire.gateway.hub;

/** What a client's mailbox does when the client reads more slowly than its quotes arrive. */
public enum SlowConsumerPolicy {
    /**
     * A newer quote replaces the pending one of its symbol: the client gets the newest quote of
     * every symbol, memory stays bounded by its symbols, and nobody is disconnected.
     */
    CONFLATE,
    /**
     * Every quote is queued, up to a bound; when the queue overflows the client is disconnected
     * (WebSocket close 4008, SSE stream ended). For clients that must see every quote or none.
     */
    DISCONNECT
}
