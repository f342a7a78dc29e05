package io.tickwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The side-by-side comparison: for each system and feed rate, start the server pinned to the
 * server cores, connect the clients from this process (pin it to the load cores), warm up,
 * measure, stop the server; repeat. Writes the raw results as JSON, then RESULTS.md and a chart
 * (delivered rate vs p99, one line per system). Prints figures; asserts nothing.
 *
 * <pre>
 * taskset -c 1 java -cp … io.tickwire.bench.Compare [--smoke] [--systems tickwire,node-ws,…]
 *     [--rates 1000,2000,…] [--transports ws,sse] [--repeats 3] [--clients 1000] [--warmup 20]
 *     [--seconds 20] [--stall 0.05] [--timeline] [--client native|java] [--out bench/results]
 * </pre>
 * {@code --client native} (the default when bench/run.sh has built {@code bench/target/loadc}; smoke
 * mode defaults to {@code java}, so that a build needs no C compiler) measures the plain WebSocket
 * points with the native client ({@link NativeLoadClient}); SSE, Socket.IO, authentication,
 * {@code --stall} and {@code --timeline} points always use the Java {@link LoadClient}.
 * {@code --systems} names directories under bench/peers/ (bench/peers/README.md); every peer but
 * {@code nchan} and {@code socketio} is subscribed at {@code /ws?symbols=…}, as {@code node-ws} and
 * {@code floor} (C, one thread, epoll: the cheapest server doing the same job, for reference).
 * {@code --rates} are feed quotes per second over 100 symbols; with 1,000 clients × 10 symbols
 * each quote goes to 100 clients, so 1,000 quotes/s offer 100,000 messages/s. {@code --timeline}
 * also writes, per point, the latency tail per 100 ms of the window under {@code <out>/logs/}.
 *
 * <p>{@code --scenario storm [--connections 10000] [--rates 1,1000] [--repeats 1] [--warmup-storms 1]}
 * measures reconnect storms instead ({@link Storm}): per point a fresh server, its feed at the one
 * rate given, warm-up storms, then every client connecting at once from the native client; prints a
 * line per storm and writes STORM.md and storm-*.json into {@code --out}. Run it with the descriptor
 * limit raised ({@code ulimit -n}) past the connections, for the server as for the client.
 *
 * <p>{@code --scenario connections [--connections 1000,10000,18000]}: heap and RSS per mostly idle
 * connection, for each count ({@link LoadClient}). {@code --scenario hundred-k [--idle 99000]
 * [--idle-symbols 2] [--idle-max-rate 0.1] [--histogram]} ({@link HundredK}, native client only): the
 * first system with {@code --clients} measured at the first of {@code --rates} while {@code --idle}
 * more connections, each on {@code --idle-symbols} of the same symbols at that {@code maxRate} (0:
 * none), are held from source addresses 127.0.0.1, .2, …; prints setup time, failed connects, heap
 * (after a full GC) and RSS per connection held, the active clients' latency, and writes
 * {@code HUNDRED-K.md} and a {@code hundred-k-*.json} into {@code --out} ({@code --histogram}: the
 * server's class histogram under {@code <out>/logs/} too). Raise {@code ulimit -n} first (a
 * descriptor per connection on each side), and the gateway's heap with {@code TICKWIRE_JAVA_OPTS}.
 */
public final class Compare {

    /**
     * One measured point, and which load client measured it ({@code native}: bench/loadc, which
     * also counts gaps; {@code java}: {@link LoadClient}, gaps null).
     */
    record Point(String system, String transport, int rate, int repeat, double offeredPerSecond,
                 LoadClient.Spec spec, LoadClient.Result result, boolean clientLimited, String client, NativeLoadClient.Gaps gaps) {

        Point(String system, String transport, int rate, int repeat, double offeredPerSecond,
              LoadClient.Spec spec, LoadClient.Result result, boolean clientLimited) {
            this(system, transport, rate, repeat, offeredPerSecond, spec, result, clientLimited, "java", null);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        boolean smoke = o.containsKey("smoke");
        List<String> systems = list(o.getOrDefault("systems", smoke ? "tickwire" : "tickwire,bare-netty,nchan,node-ws,socketio,floor"));
        List<String> transports = list(o.getOrDefault("transports", "ws"));
        List<Integer> rates = list(o.getOrDefault("rates", smoke ? "200" : "500,1000,2000,3000,4000,5000"))
                .stream().map(Integer::parseInt).toList();
        int repeats = Integer.parseInt(o.getOrDefault("repeats", smoke ? "1" : "3"));
        int clients = Integer.parseInt(o.getOrDefault("clients", smoke ? "100" : "1000"));
        int perClient = Integer.parseInt(o.getOrDefault("symbols-per-client", "10"));
        int universe = Integer.parseInt(o.getOrDefault("symbols", "100"));
        int warmUp = Integer.parseInt(o.getOrDefault("warmup", smoke ? "2" : "20"));
        int window = Integer.parseInt(o.getOrDefault("seconds", smoke ? "3" : "20"));
        double stall = Double.parseDouble(o.getOrDefault("stall", "0"));
        boolean timeline = Boolean.parseBoolean(o.getOrDefault("timeline", "false"));
        Path root = Path.of(o.getOrDefault("root", "."));
        String client = o.getOrDefault("client", !smoke && NativeLoadClient.built(root) ? "native" : "java");
        if ("native".equals(client) && !NativeLoadClient.built(root)) {
            throw new IllegalStateException("--client native: no " + NativeLoadClient.binary(root) + " (bench/run.sh builds it)");
        }
        Path out = Path.of(o.getOrDefault("out", smoke ? "bench/target/smoke" : "bench/results"));
        String serverCpus = o.getOrDefault("server-cpus", "0");
        String loadCpus = o.getOrDefault("load-cpus", "1");
        int port = Integer.parseInt(o.getOrDefault("port", "18400"));
        // Peers hold their publisher this long, so their clients connect before the feed runs.
        long feedDelay = Long.parseLong(o.getOrDefault("feed-delay-ms", smoke ? "0" : "5000"));
        Files.createDirectories(out);
        Path logs = Files.createDirectories(out.resolve("logs"));

        if ("storm".equals(o.get("scenario"))) {
            Storm.run(systems, list(o.getOrDefault("connections", "10000")).stream().map(Integer::parseInt).toList(),
                    list(o.getOrDefault("rates", "1000")).stream().map(Integer::parseInt).toList(), perClient, universe,
                    Integer.parseInt(o.getOrDefault("repeats", "1")), Integer.parseInt(o.getOrDefault("warmup-storms", "1")),
                    root, out, logs, serverCpus, loadCpus, port);
            return;
        }
        if ("hundred-k".equals(o.get("scenario"))) {
            LoadClient.Spec spec = new LoadClient.Spec(systems.get(0), "ws", "127.0.0.1", port, clients, perClient,
                    universe, warmUp, window, 0);
            HundredK.Idle idle = new HundredK.Idle(Integer.parseInt(o.getOrDefault("idle", "99000")),
                    Integer.parseInt(o.getOrDefault("idle-symbols", "2")),
                    Double.parseDouble(o.getOrDefault("idle-max-rate", "0.1")));
            HundredK.run(systems.get(0), spec, idle, rates.get(0), o.containsKey("histogram"), root, out, logs,
                    serverCpus, loadCpus, feedDelay);
            return;
        }
        if ("connections".equals(o.get("scenario"))) {
            List<Integer> counts = list(o.getOrDefault("connections", "1000,10000,18000")).stream()
                    .map(Integer::parseInt).toList();
            connections(systems, counts, rates.get(0), perClient, universe, warmUp, root, out, logs, serverCpus,
                    loadCpus, port, feedDelay);
            return;
        }
        List<Point> points = new ArrayList<>();
        for (String system : systems) {
            for (String transport : transports) {
                if ("sse".equals(transport) && !system.startsWith("tickwire")) {
                    continue; // the peers speak WebSocket only
                }
                for (int rate : rates) {
                    for (int r = 1; r <= repeats; r++) {
                        LoadClient.Spec spec = new LoadClient.Spec(system, transport, "127.0.0.1", port, clients,
                                perClient, universe, warmUp, window, stall);
                        // A fresh server for every point.
                        try (Peer peer = Peer.start(root.resolve("bench/peers"), system, port, rate, universe,
                                serverCpus, loadCpus, logs, feedDelay)) {
                            Path tl = timeline ? logs.resolve("timeline-%s-%s-%d-%d.txt".formatted(system, transport, rate, r)) : null;
                            boolean viaNative = "native".equals(client) && NativeLoadClient.supports(spec, timeline);
                            NativeLoadClient.Measured m = viaNative ? NativeLoadClient.run(root, loadCpus, spec, peer.pids()) : null;
                            LoadClient.Result res = viaNative ? m.result() : LoadClient.run(spec, peer.pids(), tl);
                            double offered = (double) rate * clients * perClient / universe;
                            Point p = new Point(system, transport, rate, r, offered, spec, res, res.loadCpuPercent() >= 85,
                                    viaNative ? "native" : "java", viaNative ? m.gaps() : null);
                            points.add(p);
                            System.out.println(line(p));
                        }
                        catch (IOException e) {
                            System.out.printf("%-10s %-3s rate %,6d #%d  FAILED: %s%n", system, transport, rate, r,
                                    e.getMessage().lines().findFirst().orElse(""));
                        }
                        port++;
                    }
                }
            }
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", Instant.now().toString());
        run.put("machine", machine());
        run.put("method", Map.of("clients", clients, "symbolsPerClient", perClient, "symbols", universe,
                "warmupSeconds", warmUp, "measuredSeconds", window, "repeats", repeats,
                "serverCpus", serverCpus, "loadCpus", loadCpus, "stallFraction", stall, "client", client));
        run.put("points", points);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String stamp = fileStamp();
        Path raw = out.resolve("results-" + stamp + ".json");
        json.writeValue(raw.toFile(), run);
        Report.write(points, run, out, raw.getFileName().toString());
        System.out.println("wrote " + raw + ", " + out.resolve("RESULTS.md") + ", " + out.resolve("delivered-vs-p99.png"));
    }

    /**
     * Scenario (b): memory per connection. For each system and count, a fresh server with a slow
     * feed ({@code rate}), that many subscriptions held open, RSS and heap before and after.
     */
    private static void connections(List<String> systems, List<Integer> counts, int rate, int perClient,
                                    int universe, int settleSeconds, Path root, Path out, Path logs,
                                    String serverCpus, String loadCpus, int port, long feedDelay) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("| system | connections | failed | RSS per connection | heap per connection |\n"
                + "|---|---:|---:|---:|---:|\n");
        for (String system : systems) {
            for (int n : counts) {
                LoadClient.Spec spec = new LoadClient.Spec(system, "ws", "127.0.0.1", port++, n, perClient, universe,
                        settleSeconds, 0, 0);
                try (Peer peer = Peer.start(root.resolve("bench/peers"), system, spec.port(), rate, universe,
                        serverCpus, loadCpus, logs, feedDelay)) {
                    LoadClient.Held h = LoadClient.hold(spec, peer.pids());
                    String line = String.format("| %s | %,d | %d | %.1f KB | %s |", system, n, h.failures(),
                            h.rssPerConnection() / 1024.0,
                            h.heapPerConnection() < 0 ? "–" : String.format("%.1f KB", h.heapPerConnection() / 1024.0));
                    System.out.println(line);
                    md.append(line).append('\n');
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("system", system);
                    row.put("held", h);
                    rows.add(row);
                }
            }
        }
        String stamp = fileStamp();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("connections-" + stamp + ".json").toFile(), Map.of("machine", machine(), "rows", rows));
        Files.writeString(out.resolve("CONNECTIONS.md"), "# Memory per connection\n\nFeed " + rate
                + " quotes/s over " + universe + " symbols, " + perClient + " symbols per connection; heap after a full GC "
                + "(JVM servers), RSS from /proc. " + machine() + "\n\n" + md);
    }

    static String line(Point p) {
        LoadClient.Result r = p.result();
        return String.format("%-10s %-3s rate %,6d #%d  offered %,9.0f/s  delivered %,9.0f/s  p50 %6.2f  p99 %7.2f  "
                        + "p99.9 %7.2f ms  server cpu %3.0f%%  rss %4d MB  load cpu %3.0f%% (%s)%s%s%s",
                p.system(), p.transport(), p.rate(), p.repeat(), p.offeredPerSecond(), r.deliveredPerSecond(), r.p50(),
                r.p99(), r.p999(), r.serverCpuPercent(), r.serverRssBytes() >> 20, r.loadCpuPercent(), p.client(),
                p.gaps() == null ? "" : "  gaps " + p.gaps().gaps() + " disorder " + p.gaps().disorder(),
                p.clientLimited() ? "  CLIENT-LIMITED" : "", r.failures() > 0 ? "  failures " + r.failures() : "");
    }

    /** The time now as a file name's part, 2026-12-01T133815: UTC to the second, no colons. */
    static String fileStamp() {
        return Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("cores", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count());
        }
        catch (IOException e) {
            m.put("cores", "?");
        }
        m.put("coresOfTheLoadClient", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("loadJvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        // The JVM peers' flags are in their start.sh (tickwire and bare-netty share one set); TICKWIRE_JAVA_OPTS adds to Tickwire's.
        m.put("serverJvmArgs", "per bench/peers/<system>/start.sh"
                + Optional.ofNullable(System.getenv("TICKWIRE_JAVA_OPTS")).map(o -> ", tickwire also " + o).orElse(""));
        try {
            m.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?"));
            m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
        }
        catch (IOException e) {
            m.put("cpu", "?");
        }
        return m;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "");
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(a, args[++i]);
            }
            else {
                o.put(a, "true");
            }
        }
        return o;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
