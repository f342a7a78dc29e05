package io.tickwire.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.LongSupplier;

/**
 * One message from the gateway as a test client received it, whatever the transport: a WebSocket
 * message (an array frame gives one per element), an SSE event or heartbeat comment, or a quote
 * of a long-poll answer. Each is stamped when its frame, chunk or answer arrived, before it was
 * parsed, with the client's clock and the feed's latest {@code seq} at that instant, so a test can
 * tell how fresh a quote was when it landed and how long the link was quiet before a heartbeat.
 *
 * @param type             {@code quote}, {@code heartbeat}, a WebSocket reply type ({@code subscribed},
 *                         {@code unsubscribed}, {@code error}, {@code pong}), or for SSE {@code open} (the
 *                         stream's first {@code retry:} block) and {@code refused} (a 400's JSON body)
 * @param body             the JSON; for an SSE heartbeat comment {@code {"ts":…}}, for {@code open} {@code {"retry":…}}
 * @param eventId          the SSE {@code id:} field; {@code null} on the other transports
 * @param arrivedNanos     {@link System#nanoTime()} when its frame, chunk or answer arrived
 * @param feedSeqAtArrival the feed's latest {@code seq} at that moment; -1 for a client given no feed to read
 */
public record Message(String type, JsonNode body, String eventId, long arrivedNanos, long feedSeqAtArrival) {

    /** For a client that has no feed to read the latest {@code seq} from. */
    public static final LongSupplier NO_FEED = () -> -1;

    public boolean isQuote() {
        return "quote".equals(type);
    }

    public boolean isHeartbeat() {
        return "heartbeat".equals(type);
    }

    /** The {@code seq} field; -1 if there is none. */
    public long seq() {
        return body.path("seq").asLong(-1);
    }

    public String symbol() {
        return body.path("symbol").asText();
    }

    /** A field of the body as text; empty if absent. */
    public String text(String field) {
        return body.path(field).asText();
    }

    /** What a client resumes from: the SSE event id (what a browser sends back), else the seq. */
    public String cursor() {
        return eventId != null ? eventId : String.valueOf(seq());
    }

    @Override
    public String toString() {
        return type + (isQuote() ? " " + symbol() + "@" + seq() : " " + body);
    }

    /** When a frame, chunk or answer arrived; the messages it carried share it. */
    public record Arrival(long nanos, long feedSeq) {

        /** Now, with the feed's latest {@code seq}: taken as soon as bytes arrive, before they are parsed. */
        public static Arrival now(LongSupplier feedSeq) {
            return new Arrival(System.nanoTime(), feedSeq.getAsLong());
        }

        public Message message(String type, JsonNode body, String eventId) {
            return new Message(type, body, eventId, nanos, feedSeq);
        }
    }
}
