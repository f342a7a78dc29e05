package io.tickwire.gateway.transport;

import io.tickwire.gateway.wire.ProtocolError;
import java.time.Duration;
import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The numeric query parameters of the HTTP transports (PROTOCOL.md §3, §4), checked: a value that
 * is present but wrong is a {@link Invalid} carrying the 400 to answer, never a silent default.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A parameter the request got wrong. */
    public static final class Invalid extends RuntimeException {

        private final transient ProtocolError error;

        Invalid(String message) {
            super(message, null, false, false);
            this.error = ProtocolError.badRequest(message);
        }

        public ProtocolError error() {
            return error;
        }
    }

    /** A {@code seq} cursor: an integer >= 0, or {@code absent} when not given. */
    public static long cursor(String name, Optional<String> raw, long absent) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return absent;
        }
        try {
            long v = Long.parseLong(raw.get().trim());
            if (v >= 0) {
                return v;
            }
        }
        catch (NumberFormatException e) {
            // Answered below.
        }
        throw new Invalid("'" + name + "' must be a seq: an integer >= 0, not '" + raw.get() + "'");
    }

    /** {@code maxRate}: quotes per second per symbol, a number > 0; 0 when not given. */
    public static double maxRate(ServerRequest request) {
        Optional<String> raw = request.queryParam("maxRate");
        if (raw.isEmpty()) {
            return 0;
        }
        double v = number(raw.get());
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new Invalid("'maxRate' must be a number of quotes per second > 0, not '" + raw.get() + "'");
        }
        return v;
    }

    /** {@code timeout} in seconds, a number >= 0, capped at {@code max}; {@code absent} when not given. */
    public static Duration timeout(ServerRequest request, Duration absent, Duration max) {
        Optional<String> raw = request.queryParam("timeout");
        if (raw.isEmpty()) {
            return absent;
        }
        double v = number(raw.get());
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new Invalid("'timeout' must be a number of seconds >= 0, not '" + raw.get() + "'");
        }
        long nanos = (long) Math.min(v * 1e9, max.toNanos());
        return Duration.ofNanos(nanos);
    }

    private static double number(String raw) {
        try {
            return Double.parseDouble(raw.trim());
        }
        catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
