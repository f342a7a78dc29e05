package io.tickwire.gateway.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.support.QuoteTimestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The simplest load: N WebSocket clients against a running gateway, each subscribed to K symbols,
 * counting the quotes delivered and their latency from the feed's {@code ts} to receipt. Prints
 * figures; asserts nothing. The fuller comparison lives in the benchmark issue.
 *
 * <p>Start a gateway (pinned to a core), then:
 * {@code mvn -q -Pload-bench -pl gateway -am verify -Dload.clients=1000 -Dload.serverPid=<pid>}.
 * Client {@code i} subscribes to symbols {@code (i*K + j) mod S} of the first {@code S} symbols of
 * {@code /api/symbols}, so with 1,000 clients, K=10 and S=100 each symbol has 100 subscribers.
 */
public final class LoadProbe {


    private final Recorder latencyMicros = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final LongAdder quotes = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("load.host", "127.0.0.1");
        int port = Integer.getInteger("load.port", 8080);
        int clients = Integer.getInteger("load.clients", 1000);
        int perClient = Integer.getInteger("load.symbolsPerClient", 10);
        int universe = Integer.getInteger("load.symbols", 100);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("load.warmup", 10));
        Duration window = Duration.ofSeconds(Integer.getInteger("load.seconds", 20));
        String serverPid = System.getProperty("load.serverPid", "");
        boolean stall = Boolean.getBoolean("load.stall");
        new LoadProbe().run(host, port, clients, perClient, universe, warmUp, window, serverPid, stall);
    }

    private void run(String host, int port, int clients, int perClient, int universe, Duration warmUp,
                     Duration window, String serverPid, boolean stall) throws Exception {
        List<String> symbols = symbols(host, port, universe);
        LoopResources loops = LoopResources.create("probe", Runtime.getRuntime().availableProcessors(), true);
        // Not pooled: each WebSocket holds its connection for good.
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
        Integer rcvBuf = Integer.getInteger("load.rcvbuf");
        if (rcvBuf != null) {
            // A small receive window makes a stall reach the server in seconds instead of after megabytes.
            http = http.option(io.netty.channel.ChannelOption.SO_RCVBUF, rcvBuf);
        }
        CountDownLatch subscribed = new CountDownLatch(clients);
        List<Disposable> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            StringBuilder sub = new StringBuilder("{\"op\":\"subscribe\",\"id\":\"").append(i).append("\",\"symbols\":[");
            for (int j = 0; j < perClient; j++) {
                sub.append(j == 0 ? "\"" : ",\"").append(symbols.get((i * perClient + j) % symbols.size())).append('"');
            }
            String subscribe = sub.append("]}").toString();
            connections.add(http.websocket().uri("ws://" + host + ":" + port + "/ws")
                    .handle((in, out) -> Mono.when(
                            Mono.fromRunnable(() -> in.withConnection(c -> channels.add(c.channel()))),
                            out.sendString(Mono.just(subscribe)).then().doOnSuccess(v -> subscribed.countDown()),
                            in.receiveFrames().doOnNext(this::onFrame).then()))
                    .subscribe(null, e -> failures.increment()));
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - subscribed.getCount()) + " clients subscribed");
        }
        System.out.printf("%d clients x %d symbols (of %d) on %s:%d; warm-up %ds, measuring %ds%n",
                clients, perClient, symbols.size(), host, port, warmUp.toSeconds(), window.toSeconds());
        Thread.sleep(warmUp.toMillis());
        if (stall) {
            // Every client stops reading, as a frozen browser tab does: the server must conflate, not buffer.
            for (Channel ch : channels) {
                ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
            }
            System.out.printf("stalled    %d clients stopped reading%n", channels.size());
        }

        quotes.sumThenReset();
        frames.sumThenReset();
        latencyMicros.getIntervalHistogram();
        long[] cpu0 = {cpuTicks("self"), cpuTicks(serverPid)};
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] cpu1 = {cpuTicks("self"), cpuTicks(serverPid)};
        long q = quotes.sumThenReset();
        long f = frames.sumThenReset();
        Histogram h = latencyMicros.getIntervalHistogram();

        System.out.printf("delivered  %,.0f quotes/s in %,.0f frames/s (%.1f quotes/frame)%n",
                q / seconds, f / seconds, f == 0 ? 0.0 : (double) q / f);
        System.out.printf("latency    p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms%n",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        System.out.printf("cpu        probe %.0f%%%s (of one core; 100%% = one core busy)%n",
                percent(cpu1[0] - cpu0[0], seconds),
                serverPid.isEmpty() ? "" : String.format("  server %.0f%%", percent(cpu1[1] - cpu0[1], seconds)));
        System.out.printf("failed     %d connections%n", failures.sum());
        connections.forEach(Disposable::dispose);
        loops.disposeLater().block(Duration.ofSeconds(5));
    }

    private void onFrame(io.netty.handler.codec.http.websocketx.WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        long now = Timestamps.nowMicros();
        frames.increment();
        quotes.add(QuoteTimestamps.forEach(frame.content(),
                ts -> latencyMicros.recordValue(Math.max(0, Math.min(now - ts, TimeUnit.SECONDS.toMicros(60))))));
    }

    private static List<String> symbols(String host, int port, int universe) {
        String json = HttpClient.create().get().uri("http://" + host + ":" + port + "/api/symbols")
                .responseContent().aggregate().asString().block(Duration.ofSeconds(10));
        List<String> out = new ArrayList<>();
        for (String part : json.split("\"symbol\":\"")) {
            if (out.size() < universe && part.indexOf('"') > 0 && !part.startsWith("[")) {
                out.add(part.substring(0, part.indexOf('"')));
            }
        }
        return out;
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux); 0 if unknown. */
    private static long cpuTicks(String pid) {
        if (pid.isEmpty()) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        catch (Exception e) {
            return 0;
        }
    }

    private static double percent(long ticks, double seconds) {
        return ticks / 100.0 / seconds * 100;
    }
}
