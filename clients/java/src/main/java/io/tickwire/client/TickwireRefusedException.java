package io.tickwire.client;

/**
 * The gateway refused this client, and trying again would not change that: HTTP 401 (no valid
 * token), 403 (an origin or subject not allowed), or a bad request. Ends a quote stream, or the
 * {@link TickwireClient#instruments()} request; the client does not retry.
 */
public final class TickwireRefusedException extends RuntimeException {

    private final int status;
    private final String code;

    /** A refused stream. */
    public TickwireRefusedException(int status, String code, String message) {
        this("stream", status, code, message);
    }

    /** A refusal of {@code what} the client asked for ({@code "stream"}, {@code "instrument list"}). */
    TickwireRefusedException(String what, int status, String code, String message) {
        super("the gateway refused the " + what + ": HTTP " + status + (code == null ? "" : " " + code)
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
