package io.tickwire.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * N streaming clients (WebSocket, or SSE for Tickwire) against one server, each subscribed to K
 * of the first S symbols of its {@code /api/symbols}: client {@code i} takes symbols
 * {@code (i*K + j) mod S}, so with 1,000 clients, K=10 and S=100 every symbol has 100 subscribers.
 * Per message it finds {@code ts} without parsing JSON and records receipt minus {@code ts};
 * counts are adders, so the client is cheap next to the server it measures. Beyond 10,000
 * connections it spreads them over source addresses 127.0.0.1, .2, … (a source address has about
 * 28,000 ephemeral ports).
 */
final class LoadClient {

    private static final int PER_SOURCE_ADDRESS = 10_000;

    private final Recorder latencyMicros = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final Histogram connectMicros = new Histogram(TimeUnit.SECONDS.toMicros(60), 2);
    private final LongAdder quotes = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();

    /** What to run. {@code stallFraction} of the clients stop reading after the warm-up. */
    record Spec(String system, String transport, String host, int port, int clients, int symbolsPerClient,
                int universe, int warmUpSeconds, int windowSeconds, double stallFraction) {
    }

    /** What one run measured; rates per second over the measured window, latencies in ms. */
    record Result(double deliveredPerSecond, double framesPerSecond, double p50, double p90, double p99,
                  double p999, double max, double loadCpuPercent, double serverCpuPercent, long serverRssBytes,
                  long failures, double connectP50, double connectP99, int stalled) {
    }

    /** Memory of a server holding connections: before any, and with all of them open. */
    record Held(int connections, long failures, long rssBefore, long rssAfter, long heapBefore, long heapAfter) {

        long rssPerConnection() {
            return connections == 0 ? 0 : (rssAfter - rssBefore) / connections;
        }

        long heapPerConnection() {
            return connections == 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) / connections;
        }
    }

    static Result run(Spec spec, List<Long> serverPids) throws InterruptedException {
        return run(spec, serverPids, null);
    }

    /**
     * As {@link #run(Spec, List)}, also writing the measured window's latency tail per 100 ms to
     * {@code timeline} (when not null): where a tail comes from shows up as bursts in time.
     */
    static Result run(Spec spec, List<Long> serverPids, Path timeline) throws InterruptedException {
        return new LoadClient().measure(spec, serverPids, timeline);
    }

    /**
     * Opens {@code spec.clients()} mostly idle subscriptions and measures what the server holds for
     * them: RSS, and for a JVM the heap after a full collection (jcmd), before and after.
     */
    static Held hold(Spec spec, List<Long> serverPids) throws InterruptedException {
        return new LoadClient().holdIdle(spec, serverPids);
    }

    private Held holdIdle(Spec spec, List<Long> serverPids) throws InterruptedException {
        List<String> symbols = symbols(spec);
        long heapBefore = ProcStat.heapAfterGc(serverPids);
        long rssBefore = ProcStat.rssBytes(serverPids);
        LoopResources loops = LoopResources.create("load", Runtime.getRuntime().availableProcessors(), true);
        List<Disposable> connections = connectAll(spec, symbols, loops);
        Thread.sleep(spec.warmUpSeconds() * 1000L);
        long heapAfter = ProcStat.heapAfterGc(serverPids);
        long rssAfter = ProcStat.rssBytes(serverPids);
        connections.forEach(Disposable::dispose);
        loops.disposeLater().block(Duration.ofSeconds(30));
        return new Held(spec.clients(), failures.sum(), rssBefore, rssAfter, heapBefore, heapAfter);
    }

    private Result measure(Spec spec, List<Long> serverPids, Path timeline) throws InterruptedException {
        List<String> symbols = symbols(spec);
        LoopResources loops = LoopResources.create("load", Runtime.getRuntime().availableProcessors(), true);
        List<Disposable> connections = connectAll(spec, symbols, loops);
        List<Long> self = List.of(ProcStat.self());
        // A rehearsal of the window's opening and closing reads halfway through the warm-up: run for
        // the first time they load classes and compile on the load core, which starved the event
        // loop for ~100 ms and showed up as a latency burst at the start of every window.
        Thread.sleep(spec.warmUpSeconds() * 500L);
        Window rehearsal = new Window(self, serverPids);
        rehearsal.close(null, 0);
        Thread.sleep(spec.warmUpSeconds() * 500L);
        int stalled = (int) Math.round(spec.clients() * spec.stallFraction());
        int k = 0;
        for (Channel ch : channels) {
            if (k++ >= stalled) {
                break;
            }
            // A frozen tab: the client stops reading; the server must not let it hurt the others.
            ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
        }

        Window window = new Window(self, serverPids);
        Timeline tl = timeline == null ? null : new Timeline(spec.windowSeconds() * 10);
        if (tl == null) {
            Thread.sleep(spec.windowSeconds() * 1000L);
        }
        else {
            tl.record(latencyMicros);
        }
        Result r = window.close(tl, stalled);
        connections.forEach(Disposable::dispose);
        loops.disposeLater().block(Duration.ofSeconds(10));
        if (tl != null) {
            tl.write(timeline);
        }
        return r;
    }

    /** A measured window: counters reset and CPU read when it opens, everything read when it closes. */
    private final class Window {
        private final List<Long> self;
        private final List<Long> serverPids;
        private final double load0;
        private final double server0;
        private final long t0;

        Window(List<Long> self, List<Long> serverPids) {
            this.self = self;
            this.serverPids = serverPids;
            quotes.sumThenReset();
            frames.sumThenReset();
            latencyMicros.getIntervalHistogram();
            load0 = ProcStat.cpuSeconds(self);
            server0 = ProcStat.cpuSeconds(serverPids);
            t0 = System.nanoTime();
        }

        Result close(Timeline tl, int stalled) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            double load1 = ProcStat.cpuSeconds(self);
            double server1 = ProcStat.cpuSeconds(serverPids);
            long rss = ProcStat.rssBytes(serverPids);
            long q = quotes.sumThenReset();
            long f = frames.sumThenReset();
            Histogram h = latencyMicros.getIntervalHistogram();
            if (tl != null) {
                h.add(tl.total);
            }
            return new Result(q / seconds, f / seconds, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                    h.getMaxValue() / 1e3, (load1 - load0) / seconds * 100, (server1 - server0) / seconds * 100,
                    rss, failures.sum(), connectMicros.getValueAtPercentile(50) / 1e3,
                    connectMicros.getValueAtPercentile(99) / 1e3, stalled);
        }
    }

    /** Per 100 ms of the window: messages, how many took over 5 ms, and the slowest; kept in arrays, written after. */
    private static final class Timeline {
        private static final long SLOW_MICROS = 5_000;
        final Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        private final long[] at;
        private final long[] count;
        private final long[] slow;
        private final long[] max;

        Timeline(int slices) {
            at = new long[slices];
            count = new long[slices];
            slow = new long[slices];
            max = new long[slices];
        }

        void record(Recorder recorder) throws InterruptedException {
            Histogram interval = null;
            for (int i = 0; i < at.length; i++) {
                Thread.sleep(100);
                interval = recorder.getIntervalHistogram(interval);
                at[i] = System.currentTimeMillis();
                count[i] = interval.getTotalCount();
                slow[i] = count[i] == 0 ? 0 : interval.getCountBetweenValues(SLOW_MICROS, interval.getMaxValue());
                max[i] = interval.getMaxValue();
                total.add(interval);
            }
        }

        void write(Path file) {
            StringBuilder out = new StringBuilder("# time(ms since epoch) messages over5ms max(ms)\n");
            for (int i = 0; i < at.length; i++) {
                out.append(at[i]).append(' ').append(count[i]).append(' ').append(slow[i]).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f", max[i] / 1e3)).append('\n');
            }
            try {
                Files.writeString(file, out);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Opens every client and waits (up to 3 minutes) until all are connected; the rest count as failures. */
    private List<Disposable> connectAll(Spec spec, List<String> symbols, LoopResources loops) throws InterruptedException {
        // Not pooled: each client holds its connection for good.
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
        CountDownLatch connected = new CountDownLatch(spec.clients());
        List<Disposable> connections = new ArrayList<>(spec.clients());
        for (int i = 0; i < spec.clients(); i++) {
            List<String> mine = new ArrayList<>(spec.symbolsPerClient());
            for (int j = 0; j < spec.symbolsPerClient(); j++) {
                mine.add(symbols.get((i * spec.symbolsPerClient() + j) % symbols.size()));
            }
            int source = 1 + i / PER_SOURCE_ADDRESS;
            HttpClient client = spec.clients() <= PER_SOURCE_ADDRESS ? http
                    : http.bindAddress(() -> new InetSocketAddress("127.0.0." + source, 0));
            String token = BenchTokens.needed(spec.system()) ? "&access_token=" + BenchTokens.forSubject("bench-" + i) : "";
            connections.add(connect(client, spec, mine, token, connected));
        }
        if (!connected.await(180, TimeUnit.SECONDS)) {
            failures.add(connected.getCount());
        }
        return connections;
    }

    private Disposable connect(HttpClient http, Spec spec, List<String> symbols, String token,
                               CountDownLatch connected) {
        String base = spec.host() + ":" + spec.port();
        String list = String.join(",", symbols) + token;
        long started = System.nanoTime();
        Runnable up = () -> {
            synchronized (connectMicros) {
                connectMicros.recordValue(Math.min((System.nanoTime() - started) / 1000, TimeUnit.SECONDS.toMicros(60)));
            }
            connected.countDown();
        };
        if ("sse".equals(spec.transport())) {
            return http.get().uri("http://" + base + "/sse?symbols=" + list)
                    .responseConnection((response, conn) -> {
                        channels.add(conn.channel());
                        up.run();
                        return conn.inbound().receive().doOnNext(this::onBytes);
                    })
                    .subscribe(null, e -> failures.increment());
        }
        String path = switch (spec.system()) {
            case "socketio" -> "/socket.io/?EIO=4&transport=websocket&symbols=" + list;
            case "nchan" -> "/sub/" + list;
            default -> "/ws?symbols=" + list;
        };
        boolean engineIo = "socketio".equals(spec.system());
        return http.websocket().uri("ws://" + base + path)
                .handle((in, out) -> {
                    in.withConnection(c -> channels.add(c.channel()));
                    up.run();
                    if (!engineIo) {
                        return in.receiveFrames().doOnNext(this::onFrame).then();
                    }
                    // Engine.IO v4: join the namespace after the open packet, answer pings.
                    Sinks.Many<String> replies = Sinks.many().unicast().onBackpressureBuffer();
                    Flux<String> received = in.receiveFrames().doOnNext(frame -> {
                        if (frame instanceof TextWebSocketFrame text) {
                            ByteBuf content = text.content();
                            byte first = content.readableBytes() > 0 ? content.getByte(content.readerIndex()) : 0;
                            if (first == '0') {
                                replies.tryEmitNext("40");
                            }
                            else if (first == '2' && content.readableBytes() == 1) {
                                replies.tryEmitNext("3");
                            }
                        }
                        onFrame(frame);
                    }).thenMany(Flux.empty());
                    return Mono.when(received, out.sendString(replies.asFlux()).then());
                })
                .subscribe(null, e -> failures.increment());
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            onBytes(frame.content());
        }
    }

    private void onBytes(ByteBuf bytes) {
        long now = nowMicros();
        int n = QuoteScanner.forEach(bytes,
                ts -> latencyMicros.recordValue(Math.max(0, Math.min(now - ts, TimeUnit.SECONDS.toMicros(60)))));
        if (n > 0) {
            frames.increment();
            quotes.add(n);
        }
    }

    private static long nowMicros() {
        Instant i = Instant.now();
        return TimeUnit.SECONDS.toMicros(i.getEpochSecond()) + i.getNano() / 1_000;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    /** The first {@code universe} symbols of the server's {@code /api/symbols}, read without a JSON library. */
    static List<String> symbols(Spec spec) {
        HttpClient http = !BenchTokens.needed(spec.system()) ? HttpClient.create() : HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer " + BenchTokens.forSubject("bench-symbols")));
        String json = http.get().uri("http://" + spec.host() + ":" + spec.port() + "/api/symbols")
                .responseContent().aggregate().asString(StandardCharsets.UTF_8).block(Duration.ofSeconds(10));
        List<String> out = new ArrayList<>();
        for (String part : json.split("\"symbol\":\"")) {
            if (out.size() < spec.universe() && !part.startsWith("[") && part.indexOf('"') > 0) {
                out.add(part.substring(0, part.indexOf('"')));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no symbols from " + spec.system() + ": " + json);
        }
        return out;
    }
}
