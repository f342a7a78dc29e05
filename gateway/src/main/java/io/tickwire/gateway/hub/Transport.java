package io.tickwire.gateway.hub;

/** How a client is connected; the {@code transport} label of the metrics. */
public enum Transport {
    WS("ws"), SSE("sse"), POLL("poll");

    private final String tag;

    Transport(String tag) {
        this.tag = tag;
    }

    /** A stream that stays open (WebSocket, SSE), as opposed to one answer per request: gets heartbeats. */
    public boolean streaming() {
        return this != POLL;
    }

    /** The value of the {@code transport} metric label. */
    public String tag() {
        return tag;
    }
}
