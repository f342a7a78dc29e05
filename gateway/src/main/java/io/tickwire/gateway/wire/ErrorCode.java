package io.tickwire.gateway.wire;

/** The error codes of the wire contract (PROTOCOL.md §2, §5, §8), shared by every transport. */
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
    UNAUTHENTICATED,
    /** A published quote breaks §1 or its instrument's precision (§8); the request published nothing. */
    BAD_QUOTE,
    /** A defined instrument breaks §1a (§8); the request defined nothing. */
    BAD_INSTRUMENT,
    /** This node takes no published quotes: its feed is its simulator (§8). */
    NOT_PUBLISHABLE,
    /** This node's feed is down (its Redis cannot be reached): retry, or another node (§5). */
    FEED_UNAVAILABLE
}
