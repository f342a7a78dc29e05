package io.tickwire.gateway.support;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.fail;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
import java.util.function.Predicate;

/**
 * A real streaming client of the gateway (Reactor Netty), over WebSocket ({@link WsClient}) or SSE
 * ({@link SseClient}), as a test sees it, so one scenario runs over both: first the outcome of its
 * subscribe ({@link #awaitAck()} or {@link #awaitRefusal()}), then {@link Message}s in the order
 * they arrived, each stamped on arrival.
 *
 * <p>Every wait is bounded by {@link #TIMEOUT} and fails early once the stream has ended. A test
 * can stop reading the socket ({@link #pauseReading()}), as a frozen client does, and drop it with
 * a TCP reset ({@link #abort()}), as a vanished one does.
 */
public abstract class StreamClient implements AutoCloseable {

    /** For a hang only: the server shares two cores with other builds. */
    public static final Duration TIMEOUT = PATIENCE;

    /** A subscribe the gateway refused: a WebSocket {@code error} reply, or an SSE 400 with a JSON body. */
    public record Refusal(String code, String message) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final LongSupplier feedSeq;

    StreamClient(LongSupplier feedSeq) {
        this.feedSeq = feedSeq;
    }

    /** Connects over {@code transport} and asks for {@code request} (on WebSocket, a subscribe with id {@code "sub"}). */
    public static StreamClient open(Transport transport, int port, StreamRequest request, LongSupplier feedSeq) {
        return switch (transport) {
            case WS -> WsClient.connect(port, "", feedSeq).subscribe("sub", request);
            case SSE -> SseClient.open(port, request.ssePath(), request.sseHeaders(), feedSeq);
            case POLL -> throw new IllegalArgumentException("long-poll is not a stream: use PollClient");
        };
    }

    /** The subscribe was accepted: the WebSocket {@code subscribed} reply, or the SSE stream's {@code open}. */
    public abstract Message awaitAck();

    /** The subscribe was refused: its error code and message. */
    public abstract Refusal awaitRefusal();

    /** The WebSocket close code the server sent, once the connection has ended; {@code null} for none or SSE. */
    public abstract Integer closeStatus();

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

    /** The connection could not be made, or failed: nothing more will come. */
    final void failed(Throwable e) {
        channel.completeExceptionally(e);
        ended.complete(null);
    }

    /** Messages that arrived together, stamped once. */
    final void received(List<Message> batch) {
        messages.addAll(batch);
    }

    /** Taken as soon as a frame or chunk arrives, before it is parsed. */
    final Message.Arrival arrival() {
        return Message.Arrival.now(feedSeq);
    }

    // ---- for the tests

    /** The next message of any type; fails if none arrives within {@link #TIMEOUT}, or the stream ends first. */
    public final Message next() {
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
    public final Message nextQuote() {
        Message m = nextIgnoringHeartbeats();
        if (!m.isQuote()) {
            fail("expected a quote, got " + m);
        }
        return m;
    }

    /** Quotes up to and including the one with {@code seq}, heartbeats skipped; fails on anything else. */
    public final List<Message> quotesThrough(long seq) {
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
            if (m.isQuote()) {
                out.add(m);
                if (m.seq() == seq) {
                    return out;
                }
            }
        }
    }

    /** Messages of any type until one matches {@code last}, that one included. */
    public final List<Message> until(Predicate<Message> last) {
        List<Message> out = new ArrayList<>();
        for (;;) {
            Message m = next();
            out.add(m);
            if (last.test(m)) {
                return out;
            }
        }
    }

    /** Messages received so far and not yet taken, without waiting. */
    public final List<Message> drain() {
        List<Message> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /**
     * Stops reading the socket, as a stalled or frozen client would: the server's bytes pile up in
     * the kernel buffers, then in the server's, and no pong answers a ping. Returns once no more is read.
     */
    public final void pauseReading() {
        Channel ch = channel();
        ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).syncUninterruptibly();
    }

    /** Reads again after {@link #pauseReading()}. */
    public final void resumeReading() {
        Channel ch = channel();
        ch.eventLoop().execute(() -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    /** Drops the TCP connection with a reset: no close frame, no FIN. */
    public final void abort() {
        Channel ch = channel();
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    /** Whether the stream has ended (WebSocket: the connection closed; SSE: the response ended). */
    public final boolean isEnded() {
        return ended.isDone();
    }

    /** Waits for the stream to end; false if it is still open after {@code timeout}. */
    public final boolean awaitEnd(Duration timeout) {
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

    /** The connection's channel, once connected. */
    final Channel channel() {
        return channel.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The channel if connected by now, without waiting. */
    final Channel channelNow() {
        return channel.getNow(null);
    }
}
