package io.tickwire.client;

import io.tickwire.feed.Quote;
import java.util.List;

/** One message from the gateway, as {@link Frames} reads it. */
sealed interface Inbound {

    /** A {@code quote} message. */
    record QuoteMessage(Quote quote) implements Inbound {
    }

    /**
     * Any other message: a reply ({@code subscribed}, {@code error}, {@code authenticated},
     * {@code pong}, …) or a {@code heartbeat}. Absent fields are {@code null}, empty or 0.
     */
    record Control(String type, String id, String code, String message, List<String> symbols, long exp)
            implements Inbound {
    }
}
