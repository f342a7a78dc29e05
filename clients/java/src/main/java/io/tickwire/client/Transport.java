package io.tickwire.client;

/** How a {@link TickwireClient} reaches the gateway (PROTOCOL.md §2, §3). */
public enum Transport {
    /** {@code GET /ws}: resumes with {@code since}, refreshes its token in-band with the {@code auth} op. */
    WEBSOCKET,
    /** {@code GET /sse}: resumes with {@code Last-Event-ID}, takes a fresh token on each reconnect. */
    SSE
}
