package io.tickwire.gateway.wire;

/** The error codes of the wire contract (PROTOCOL.md §2), shared by every transport. */
public enum ErrorCode {
    /** Not JSON, not an object, missing or unknown {@code op}, wrong field types, a bad parameter. */
    BAD_REQUEST,
    /** A symbol the feed does not carry. */
    UNKNOWN_SYMBOL,
    /** More symbols per connection than the configured limit. */
    LIMIT_EXCEEDED,
    /** Auth is on and the key may not see that symbol. */
    NOT_ENTITLED,
    /** Too many client operations per second. */
    RATE_LIMITED,
    /** Auth is on and the request carries no valid token (or an {@code auth} op's token is refused). */
    UNAUTHENTICATED
}
