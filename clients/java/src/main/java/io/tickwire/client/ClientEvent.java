package io.tickwire.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link TickwireClient} tells the application besides quotes: link states, refusals of
 * symbols or ops (the rest keeps streaming), token refreshes. Read them from {@link TickwireClient#events()}.
 */
public sealed interface ClientEvent {

    /** The symbols of the stream this event belongs to, as the application asked for them. */
    List<String> stream();

    /**
     * The link of a stream changed state.
     *
     * @param retryIn for {@link ConnectionState#RECONNECTING}, the backoff before the next attempt as
     *                set, {@code min(max, min * 2^n)} for the {@code n}th attempt in a row, which
     *                Reactor's jitter moves by up to half of it (within {@code [min, max]}); otherwise zero
     * @param cause   why the link ended or failed; {@code null} for {@link ConnectionState#CONNECTING},
     *                {@link ConnectionState#LIVE} and {@link ConnectionState#CLOSED}
     */
    record StateChanged(List<String> stream, ConnectionState state, Duration retryIn, Throwable cause)
            implements ClientEvent {
    }

    /**
     * The gateway refused part of a request with an error code of PROTOCOL.md §2 (an error reply on
     * WebSocket, a 400 or 403 on SSE). {@code UNKNOWN_SYMBOL} and {@code NOT_ENTITLED} symbols are
     * dropped from the stream (not asked for again on reconnect); its other symbols keep streaming.
     *
     * @param symbols the symbols refused; empty when the error is not about symbols
     */
    record Refusal(List<String> stream, String code, String message, List<String> symbols) implements ClientEvent {
    }

    /** The WebSocket link took a fresh token in-band ({@code auth} op); it is now good until {@code exp}. */
    record TokenRefreshed(List<String> stream, Instant exp) implements ClientEvent {
    }
}
