package io.tickwire.gateway.delivery;

/** Why a client's stream ended; a transport maps it to its own close signal. */
public enum CloseReason {
    /** The client went away, or the transport ended the connection. */
    CLIENT_CLOSED,
    /** The gateway is shutting down; the client should reconnect (WebSocket close 1001). */
    SERVER_SHUTDOWN,
    /** The client fell further behind than the disconnect policy allows (WebSocket close 4008). */
    SLOW_CONSUMER,
    /** The client's token expired and was not refreshed (WebSocket close 1008, SSE stream ended). */
    TOKEN_EXPIRED,
    /** The client kept sending requests past its rate (WebSocket close 1008). */
    ABUSE,
    /** The token's subject was revoked by an operator (WebSocket close 1008 "revoked", SSE stream ended). */
    REVOKED
}
