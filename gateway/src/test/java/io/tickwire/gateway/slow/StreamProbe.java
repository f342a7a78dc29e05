package io.tickwire.gateway.slow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.support.QuoteTimestamps;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A light streaming client for load-shaped tests: counts quotes, records their latency (receipt
 * minus {@code ts}) and the newest {@code ts} seen, without parsing JSON; can stop reading its
 * socket and start again, as a stalled client does. WebSocket or SSE.
 */
final class StreamProbe implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.create(ConnectionProvider.newConnection());

    private final LongAdder quotes = new LongAdder();
    private final Recorder latencyMicros = new Recorder(TimeUnit.SECONDS.toMicros(60), 2);
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();
    private volatile long newestTs;
    private volatile long resumedAt;
    private volatile long firstBytesAfterResume;
    private volatile long firstFreshAfterResume;
    private final Disposable connection;

    private StreamProbe(Function<CompletableFuture<Channel>, Flux<ByteBuf>> stream) {
        connection = stream.apply(channel).subscribe(this::onBytes, channel::completeExceptionally);
    }

    static StreamProbe ws(int port, String symbols) {
        return ws(HTTP, port, symbols);
    }

    static StreamProbe sse(int port, String symbols) {
        return sse(HTTP, port, symbols);
    }

    static StreamProbe ws(HttpClient http, int port, String symbols) {
        return new StreamProbe(channel -> http.websocket().uri("ws://127.0.0.1:" + port + "/ws?symbols=" + symbols)
                .handle((in, out) -> {
                    in.withConnection(c -> channel.complete(c.channel()));
                    return in.receive();
                }));
    }

    static StreamProbe sse(HttpClient http, int port, String symbols) {
        return new StreamProbe(channel -> http.get().uri("http://127.0.0.1:" + port + "/sse?symbols=" + symbols)
                .responseConnection((response, conn) -> {
                    channel.complete(conn.channel());
                    return conn.inbound().receive();
                }));
    }

    /** Waits for the connection to be up. */
    StreamProbe connected() {
        channel.orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    private void onBytes(ByteBuf b) {
        long now = Timestamps.nowMicros();
        long[] newest = {newestTs};
        int n = QuoteTimestamps.forEach(b, ts -> {
            latencyMicros.recordValue(Math.max(0, Math.min(now - ts, TimeUnit.SECONDS.toMicros(60))));
            newest[0] = Math.max(newest[0], ts);
        });
        newestTs = newest[0];
        quotes.add(n);
        long resumed = resumedAt;
        if (resumed != 0) {
            if (firstBytesAfterResume == 0) {
                firstBytesAfterResume = now;
            }
            if (firstFreshAfterResume == 0 && newest[0] >= resumed) {
                firstFreshAfterResume = now;
            }
        }
    }

    /** Quotes counted since the last call, and their latencies. */
    Window window() {
        return new Window(quotes.sumThenReset(), latencyMicros.getIntervalHistogram());
    }

    /** The {@code ts} of the newest quote received, epoch µs. */
    long newestTs() {
        return newestTs;
    }

    void pauseReading() {
        Channel ch = channel.join();
        ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).syncUninterruptibly();
    }

    /** µs from {@link #resumeReading()} to the first quote made after it; -1 until then. */
    long freshAfterResume() {
        long fresh = firstFreshAfterResume;
        return fresh == 0 ? -1 : fresh - resumedAt;
    }

    /** µs from {@link #resumeReading()} to the first bytes read; -1 until then. */
    long silenceAfterResume() {
        long first = firstBytesAfterResume;
        return first == 0 ? -1 : first - resumedAt;
    }

    void resumeReading() {
        resumedAt = Timestamps.nowMicros();
        Channel ch = channel.join();
        ch.eventLoop().execute(() -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    @Override
    public void close() {
        connection.dispose();
        channel.thenAccept(Channel::close);
    }

    /** What one or more probes received over a measured window. */
    record Window(long quotes, Histogram latencyMicros) {

        Window plus(Window other) {
            Histogram h = latencyMicros.copy();
            h.add(other.latencyMicros);
            return new Window(quotes + other.quotes, h);
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1e3;
        }

        static Window empty() {
            return new Window(0, new Histogram(TimeUnit.SECONDS.toMicros(60), 2));
        }
    }

    /** Lets a measurement window pass: time passing is what is measured, nothing is awaited. */
    static void measureFor(Duration d) {
        Mono.delay(d).block();
    }
}
