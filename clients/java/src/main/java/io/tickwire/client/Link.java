package io.tickwire.client;

import io.tickwire.feed.Quote;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** One connection to the gateway over one transport, opened for one attempt of a {@link QuoteStream}. */
interface Link {

    /**
     * Opens a link and streams into {@code listener}, on the link's event loop. Ends when the
     * gateway ends the link (completing, or with a {@link LinkLostException} that says how), errors
     * when it fails ({@link HttpRefusal}, {@link LinkLostException}, an I/O error); cancelling
     * closes it.
     */
    Mono<Void> open(Request request, Listener listener);

    /**
     * What to open.
     *
     * @param token   the credential for this link, or {@code null} when the gateway is open
     * @param tokens  where fresh tokens come from, for an in-band refresh; {@code null} without one
     * @param since   the resume cursor: the highest {@code seq} seen so far, or -1 for a snapshot
     * @param maxRate quotes per second per symbol, or {@code null} for the gateway's default
     */
    record Request(URI base, String token, Supplier<Mono<String>> tokens, List<String> symbols, long since,
                   Integer maxRate, Duration heartbeatTimeout) {
    }

    /** What a link hands over, in arrival order. */
    interface Listener {

        /** The gateway accepted the subscription. */
        void live();

        void quote(Quote quote);

        /** A reply or heartbeat. */
        void control(Inbound.Control control);

        /** An in-band token refresh could not get a token from the supplier. */
        void refreshFailed(Throwable error);
    }
}
