package io.tickwire.client;

/** How a {@link TickwireClient} reaches the gateway (PROTOCOL.md §2, §3, §4). */
public enum Transport {
    /** {@code GET /ws}: resumes with {@code since}, refreshes its token in-band with the {@code auth} op. */
    WEBSOCKET,
    /** {@code GET /sse}: resumes with {@code Last-Event-ID}, takes a fresh token on each reconnect. */
    SSE,
    /**
     * {@code GET /api/quotes/poll}, one request after another on one kept-alive connection: each
     * resumes with {@code since} from the last answer's {@code seq} and carries the latest quote of
     * each symbol that changed, so it works through proxies that buffer streams; takes a fresh token
     * before the current one's {@code exp}. {@code maxRate} does not apply: a symbol is quoted at
     * most once per answer.
     */
    LONG_POLL
}
