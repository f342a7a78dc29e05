package io.tickwire.gateway.publish;

import io.tickwire.gateway.wire.ErrorCode;

/**
 * A publish or define request refused whole (PROTOCOL.md §8): the code, the index of the first bad
 * item in the request's array ({@code -1} when the refusal is the request's, not an item's), and why.
 */
public final class PublishRefusedException extends RuntimeException {

    private final ErrorCode code;
    private final int index;

    public PublishRefusedException(ErrorCode code, int index, String message) {
        super(message, null, false, false);
        this.code = code;
        this.index = index;
    }

    public ErrorCode code() {
        return code;
    }

    /** The item at fault, 0-based; -1 for none in particular. */
    public int index() {
        return index;
    }
}
