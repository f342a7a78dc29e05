package io.tickwire.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many quotes/s one HTTP client pushes into Tickwire with {@code POST /api/publish}
 * (PROTOCOL.md §8): keep-alive, {@code --batch} quotes a request (1,000 by default), requests one
 * after the other ({@code --in-flight 1}) or several at once; into a single node fed over HTTP
 * ({@code http}: {@code tickwire.feed.source=http}) and into a cluster node, through Redis
 * ({@code redis}: the node passes each request to {@code tickwire_publish} and reads it back from the
 * stream, as every node of the cluster does).
 *
 * <pre>
 * java -cp … io.tickwire.bench.PublishBench --root . [--modes http,redis] [--batch 1000] [--in-flight 1]
 *     [--warmup 10] [--seconds 10] [--server-cpus 0] [--redis-cpus 0] [--port 21700] [--jar GATEWAY.jar]
 * </pre>
 *
 * <p>The gateway runs pinned to the server cores, redis-server ({@code redis} mode) to
 * {@code --redis-cpus} (the server's by default), this client where its JVM is pinned
 * ({@code taskset -c 1 java …}).
 * 100 instruments of five kinds are defined first; the bodies (quotes in §1's field order, no
 * spaces: the function's fast path) are made before the clock starts and reused in turn. Printed
 * per mode: quotes/s accepted, the node's CPU (and Redis's), the quotes the node took into its feed
 * per second, and the p50/p99 of a request.
 */
public final class PublishBench {

    private PublishBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(o.getOrDefault("root", ".")).toAbsolutePath();
        Path jar = Path.of(o.getOrDefault("jar", root.resolve("gateway/target/tickwire-gateway.jar").toString()));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "1"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        int port = Integer.parseInt(o.getOrDefault("port", "21700"));
        String serverCpus = o.getOrDefault("server-cpus", "0");
        String redisCpus = o.getOrDefault("redis-cpus", serverCpus);
        Path logs = Files.createDirectories(Path.of(o.getOrDefault("logs", "/tmp/publish-bench")));
        System.out.printf("%-6s %6s %9s %12s %10s %8s %8s %9s %9s%n", "mode", "batch", "in-flight", "accepted/s",
                "fed/s", "gw %", "redis %", "p50 ms", "p99 ms");
        for (String mode : o.getOrDefault("modes", "http,redis").split(",")) {
            try (PublishTarget target = PublishTarget.start(mode, jar, port, serverCpus, redisCpus, logs)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI base = URI.create("http://127.0.0.1:" + port);
                post(http, base.resolve("/api/instruments"), PublishBodies.instruments());
                List<String> bodies = PublishBodies.quotes(batch, 64);
                run(http, base, bodies, inFlight, TimeUnit.SECONDS.toNanos(warmup), null);
                Window w = new Window(target, mode.equals("redis") ? "tickwire_redis_quotes_read_total"
                        : "tickwire_feed_quotes_total");
                Latencies lat = run(http, base, bodies, inFlight, TimeUnit.SECONDS.toNanos(seconds), w);
                System.out.printf("%-6s %6d %9d %12.0f %10.0f %8.0f %8.0f %9.2f %9.2f%n", mode, batch, inFlight,
                        w.accepted(), w.fed(), w.gatewayCpu(), w.redisCpu(), lat.percentile(50), lat.percentile(99));
            }
        }
    }

    /** Requests in turn for {@code nanos}, {@code inFlight} at a time; their latencies, and the window's figures. */
    private static Latencies run(HttpClient http, URI base, List<String> bodies, int inFlight, long nanos, Window w)
            throws Exception {
        Latencies lat = new Latencies();
        AtomicLong accepted = new AtomicLong();
        long end = System.nanoTime() + nanos;
        if (w != null) {
            w.open();
        }
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < inFlight; lane++) {
            int first = lane;
            lanes.add(CompletableFuture.runAsync(() -> {
                for (int i = first; System.nanoTime() < end; i += inFlight) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = send(http, base.resolve("/api/publish"), bodies.get(i % bodies.size()));
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("refused: " + r.statusCode() + " " + r.body());
                    }
                    lat.add(System.nanoTime() - t0);
                    accepted.addAndGet(PublishBodies.count(r.body()));
                }
            }));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get();
        if (w != null) {
            w.close(accepted.get());
        }
        return lat;
    }

    private static void post(HttpClient http, URI uri, String body) {
        HttpResponse<String> r = send(http, uri, body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " refused: " + r.statusCode() + " " + r.body());
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, String body) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What one measured window saw: quotes accepted, quotes the node fed its hub, CPU of both processes. */
    private static final class Window {
        private final PublishTarget target;
        private final String fedMetric;
        private long t0;
        private double fed0;
        private double gw0;
        private double redis0;
        private double wall;
        private double accepted;
        private double fed;
        private double gw;
        private double redis;

        Window(PublishTarget target, String fedMetric) {
            this.target = target;
            this.fedMetric = fedMetric;
        }

        void open() {
            t0 = System.nanoTime();
            fed0 = target.metric(fedMetric);
            gw0 = ProcStat.cpuSeconds(List.of(target.gatewayPid()));
            redis0 = target.redisPid() > 0 ? ProcStat.cpuSeconds(List.of(target.redisPid())) : 0;
        }

        void close(long quotes) throws InterruptedException {
            wall = (System.nanoTime() - t0) / 1e9;
            accepted = quotes / wall;
            gw = 100 * (ProcStat.cpuSeconds(List.of(target.gatewayPid())) - gw0) / wall;
            redis = target.redisPid() > 0 ? 100 * (ProcStat.cpuSeconds(List.of(target.redisPid())) - redis0) / wall : 0;
            // A cluster node reads its stream a few ms behind: what it took of the window, counted a moment later.
            TimeUnit.MILLISECONDS.sleep(200); // pacing of the count, not synchronisation
            fed = (target.metric(fedMetric) - fed0) / wall;
        }

        double accepted() {
            return accepted;
        }

        double fed() {
            return fed;
        }

        double gatewayCpu() {
            return gw;
        }

        double redisCpu() {
            return redis;
        }
    }

    /** Request latencies, in ns, of every request of a window. */
    private static final class Latencies {
        private final List<Long> nanos = new ArrayList<>();

        synchronized void add(long n) {
            nanos.add(n);
        }

        synchronized double percentile(double p) {
            if (nanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(nanos);
            sorted.sort(null);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1)) / 1e6;
        }
    }
}
