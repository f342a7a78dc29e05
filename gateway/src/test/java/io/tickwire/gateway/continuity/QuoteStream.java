package io.tickwire.gateway.continuity;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.Channel;
import io.tickwire.gateway.hub.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A streaming client of the gateway, over WebSocket or SSE, as a scenario sees it, so one scenario
 * runs over both: first the outcome of its subscribe ({@link #awaitAck()} or {@link #awaitRefusal()}),
 * then quotes and heartbeats as {@link Message}s, in the order they arrived.
 *
 * <p>Unlike the shared test clients, each message is stamped the moment its frame or chunk
 * arrives with the client's clock and the feed's latest {@code seq} at that instant, so a test can
 * tell how fresh a quote was when it landed and how long the link was quiet before a heartbeat.
 * The connection is a real Reactor Netty client; {@link #pauseReading()} stops reading the socket
 * as a frozen client would.
 */
abstract class QuoteStream implements AutoCloseable {

    /** Generous: the server shares two cores with other builds. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /**
     * One message from the server.
     *
     * @param type             {@code quote}, {@code heartbeat}, a WebSocket reply type ({@code subscribed},
     *                         {@code error}, {@code pong}), or for SSE {@code open} (the stream's first
     *                         {@code retry:} block) and {@code refused} (a 400's JSON body)
     * @param body             the JSON; for an SSE heartbeat comment {@code {"ts":…}}
     * @param eventId          the SSE {@code id:} field, {@code null} on WebSocket
     * @param arrivedNanos     {@link System#nanoTime()} when its frame or chunk arrived
     * @param feedSeqAtArrival the feed's latest {@code seq} at that moment
     */
    record Message(String type, JsonNode body, String eventId, long arrivedNanos, long feedSeqAtArrival) {

        boolean isQuote() {
            return "quote".equals(type);
        }

        boolean isHeartbeat() {
            return "heartbeat".equals(type);
        }

        long seq() {
            return body.path("seq").asLong(-1);
        }

        String symbol() {
            return body.path("symbol").asText();
        }

        /** What a client resumes from: the SSE event id (what a browser sends back), else the seq. */
        String cursor() {
            return eventId != null ? eventId : String.valueOf(seq());
        }

        @Override
        public String toString() {
            return type + (isQuote() ? " " + symbol() + "@" + seq() : " " + body);
        }
    }

    /** A subscribe the gateway refused: a WebSocket {@code error} reply, or an SSE 400 with a JSON body. */
    record Refusal(String code, String message) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LongSupplier feedSeq;

    QuoteStream(LongSupplier feedSeq) {
        this.feedSeq = feedSeq;
    }

    /** Connects over {@code transport} and sends {@code request} (for WebSocket, as op id {@code "sub"}). */
    static QuoteStream open(Transport transport, int port, StreamRequest request, LongSupplier feedSeq) {
        return switch (transport) {
            case WS -> WsQuoteStream.connect(port, feedSeq).send(request.wsSubscribe("sub"));
            case SSE -> new SseQuoteStream(port, request.ssePath(), request.sseHeaders(), feedSeq);
            case POLL -> throw new IllegalArgumentException("long-poll is not a stream");
        };
    }

    /** The subscribe was accepted: the WebSocket {@code subscribed} reply, or the SSE stream's {@code open}. */
    abstract Message awaitAck();

    /** The subscribe was refused: its error code and message. */
    abstract Refusal awaitRefusal();

    /** The WebSocket close code the server sent once the connection has ended; {@code null} for none or SSE. */
    abstract Integer closeStatus();

    /** The WebSocket close code received so far, without waiting; {@code null} for none or SSE. */
    abstract Integer closeStatusNow();

    /** Drops the connection. */
    @Override
    public abstract void close();

    // ---- for the transports

    final void connected(Channel ch) {
        channel.complete(ch);
    }

    final void ended() {
        ended.complete(null);
    }

    /** Messages that arrived together, stamped once. */
    final void received(List<Message> batch) {
        messages.addAll(batch);
    }

    /** When a frame or chunk arrived: the client's clock, and the feed's latest {@code seq} then. */
    record Arrival(long nanos, long feedSeq) {

        Message message(String type, JsonNode body, String eventId) {
            return new Message(type, body, eventId, nanos, feedSeq);
        }
    }

    /** Taken as soon as a frame or chunk arrives, before it is parsed. */
    final Arrival arrival() {
        return new Arrival(System.nanoTime(), feedSeq.getAsLong());
    }

    // ---- for the tests

    /** The next message of any type; fails if none arrives within {@link #TIMEOUT}, or the stream ends first. */
    final Message next() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (;;) {
            boolean endedBefore = isEnded();
            Message m = poll(Duration.ofMillis(100));
            if (m != null) {
                return m;
            }
            if (endedBefore) {
                fail("the stream ended (close status " + closeStatusNow() + ") while a message was awaited");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no message within " + TIMEOUT);
            }
        }
    }

    private Message poll(Duration timeout) {
        try {
            return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message that is not a heartbeat. */
    final Message nextIgnoringHeartbeats() {
        Message m;
        do {
            m = next();
        } while (m.isHeartbeat());
        return m;
    }

    /** The next quote, heartbeats skipped; fails on anything else. */
    final Message nextQuote() {
        Message m = nextIgnoringHeartbeats();
        if (!m.isQuote()) {
            fail("expected a quote, got " + m);
        }
        return m;
    }

    /** Quotes up to and including the one with {@code seq}, heartbeats skipped; fails on anything else. */
    final List<Message> quotesThrough(long seq) {
        return messagesThrough(seq).stream().filter(m -> !m.isHeartbeat()).toList();
    }

    /** Every message, heartbeats included, up to and including the quote with {@code seq}. */
    final List<Message> messagesThrough(long seq) {
        List<Message> out = new ArrayList<>();
        for (;;) {
            Message m;
            try {
                m = next();
            }
            catch (AssertionError e) {
                throw new AssertionError("quote @" + seq + " not received; last received: "
                        + out.subList(Math.max(0, out.size() - 5), out.size()), e);
            }
            if (!m.isQuote() && !m.isHeartbeat()) {
                fail("expected quotes up to @" + seq + ", got " + m);
            }
            out.add(m);
            if (m.isQuote() && m.seq() == seq) {
                return out;
            }
        }
    }

    /** Messages received so far and not yet taken, without waiting. */
    final List<Message> drain() {
        List<Message> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** Stops reading the socket, as a stalled or frozen client would: no pong answers a ping either. */
    final void pauseReading() {
        Channel ch = channel();
        ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).syncUninterruptibly();
    }

    /** Reads again after {@link #pauseReading()}. */
    final void resumeReading() {
        Channel ch = channel();
        ch.eventLoop().execute(() -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    /** Whether the stream has ended (WebSocket: the connection closed; SSE: the response ended). */
    final boolean isEnded() {
        return ended.isDone();
    }

    /** Waits for the stream to end; false if it is still open after {@code timeout}. */
    final boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException e) {
            return false;
        }
        catch (Exception e) {
            return true;
        }
    }

    final Channel channel() {
        return channel.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
