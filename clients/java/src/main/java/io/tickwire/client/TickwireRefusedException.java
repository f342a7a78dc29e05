package io.tickwire.client;

/**
 * The gateway refused to stream to this client, and trying again would not change that: HTTP 401
 * (no valid token), 403 (an origin or subject not allowed), or a bad request. Ends a quote stream;
 * the client does not retry.
 */
public final class TickwireRefusedException extends RuntimeException {

    private final int status;
    private final String code;

    public TickwireRefusedException(int status, String code, String message) {
        super("the gateway refused the stream: HTTP " + status + (code == null ? "" : " " + code)
                + (message == null || message.isEmpty() ? "" : ": " + message));
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the refusal (401, 403, 400). */
    public int status() {
        return status;
    }

    /** The error code of PROTOCOL.md §2 from the answer's body, or {@code null} if it had none. */
    public String code() {
        return code;
    }
}
