package io.tickwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak (issue 23, item 7; not in CI): a cluster run for {@code --minutes} as real processes on
 * 127.0.0.1 ({@link SoakCluster}: Redis with Sentinel, a publisher at a steady rate, two gateway
 * nodes), a churning client population that checks every {@code seq} ({@link SoakClients}), a kill -9
 * of the Redis primary at a third of the run and a graceful restart of node 1 at two thirds. Every
 * {@code --sample-seconds} each node is sampled after a full GC ({@link SoakSampler}); at the end,
 * with churn and publisher stopped, every connected client must hold each of its symbols' latest
 * quote. Writes SOAK.md and {@code soak-<time>.json} into {@code --out} ({@link SoakReport}).
 *
 * <pre>
 * bench/soak.sh [MINUTES] [--clients 200] [--symbols-per-client 5] [--symbols 100] [--rate 1000]
 *     [--min-life 5] [--max-life 60] [--sample-seconds 60] [--sentinel true|false] [--down-after-ms 2000]
 *     [--publisher-args "--wait-replicas=1"] [--port 22000] [--out bench/results]
 * </pre>
 */
public final class Soak {

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        // Reactor Netty warns with a stack trace for each refused handshake: the clients count them instead.
        System.setProperty("org.slf4j.simpleLogger.log.reactor.netty", "error");
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(o.getOrDefault("root", ".")).toAbsolutePath().normalize();
        double minutes = Double.parseDouble(o.getOrDefault("minutes", "30"));
        int clientCount = Integer.parseInt(o.getOrDefault("clients", "200"));
        int perClient = Integer.parseInt(o.getOrDefault("symbols-per-client", "5"));
        int universe = Integer.parseInt(o.getOrDefault("symbols", "100"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "1000"));
        int minLife = Integer.parseInt(o.getOrDefault("min-life", "5"));
        int maxLife = Integer.parseInt(o.getOrDefault("max-life", "60"));
        int sampleSeconds = Integer.parseInt(o.getOrDefault("sample-seconds", "60"));
        boolean sentinel = Boolean.parseBoolean(o.getOrDefault("sentinel", "true"));
        int downAfter = Integer.parseInt(o.getOrDefault("down-after-ms", "2000"));
        Path out = Files.createDirectories(root.resolve(o.getOrDefault("out", "bench/results")));
        String stamp = Compare.fileStamp();
        Path logs = Files.createDirectories(out.resolve("logs").resolve("soak-" + stamp));
        int nodes = 2;
        SoakCluster.Settings settings = new SoakCluster.Settings(root, logs, Integer.parseInt(o.getOrDefault("port", "22000")),
                nodes, sentinel, rate, universe, downAfter,
                List.of(o.getOrDefault("publisher-args", "").split(" ")).stream().filter(a -> !a.isBlank()).toList());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", Instant.now().toString());
        run.put("command", "Soak " + String.join(" ", args));
        run.put("machine", machine());
        run.put("settings", settings);
        run.put("clients", Map.of("count", clientCount, "symbolsPerClient", perClient, "lifeSeconds", minLife + "-" + maxLife,
                "transports", "ws (even ids), sse (odd ids)"));
        System.out.println("soak: logs in " + logs);

        List<SoakSampler.Sample> samples = new ArrayList<>();
        try (SoakCluster cluster = new SoakCluster(settings)) {
            cluster.start();
            List<String> symbols = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            json.readTree(cluster.get(0, "/api/symbols")).forEach(n -> symbols.add(n.path("symbol").asText()));
            try (SoakClients clients = new SoakClients(List.of(cluster.nodePort(0), cluster.nodePort(1)),
                    symbols.subList(0, Math.min(universe, symbols.size())), clientCount, perClient, minLife, maxLife, 1)) {
                clients.start(10);
                long t0 = System.currentTimeMillis();
                run.put("t0", t0); // the clients' start, epoch ms: samples' minutes count from here
                long end = t0 + (long) (minutes * 60_000);
                long nextSample = t0 + sampleSeconds * 1000L;
                SoakClients.Marker failMark = null;
                SoakClients.Marker restartMark = null;
                SoakRedis.Failover failover = null;
                SoakCluster.NodeRestart restart = null;
                String publisherBefore = "";
                for (long now = t0; now < end; now = System.currentTimeMillis()) {
                    if (failover == null && now >= t0 + (end - t0) / 3) {
                        publisherBefore = cluster.publisherStatus();
                        SoakClients.Marker[] m = new SoakClients.Marker[1];
                        failover = cluster.redis().fail(() -> m[0] = clients.mark("redis failover"));
                        failMark = m[0];
                        System.out.println("soak: " + failover);
                    }
                    else if (restart == null && now >= t0 + 2 * (end - t0) / 3) {
                        restartMark = clients.mark("node restart");
                        restart = cluster.restartNode(1);
                        System.out.println("soak: " + restart);
                    }
                    else if (now >= nextSample) {
                        samples.add(SoakSampler.take(cluster, clients, nodes, t0));
                        System.out.println(SoakReport.line(samples.get(samples.size() - 1)));
                        while (nextSample <= System.currentTimeMillis()) {
                            nextSample += sampleSeconds * 1000L; // an event or a slow sample: skip, do not bunch
                        }
                    }
                    else {
                        Thread.sleep(Math.min(1000, Math.max(1, Math.min(nextSample, end) - now))); // pacing, not synchronisation
                    }
                }
                // The end: no more leaving; every client connected; the market stands still; all current?
                clients.freeze();
                SoakCluster.await("every client to be connected", 60, () -> clients.live() == clients.size());
                samples.add(SoakSampler.take(cluster, clients, nodes, t0));
                System.out.println(SoakReport.line(samples.get(samples.size() - 1)));
                cluster.stopPublisher();
                Thread.sleep(3000); // the last quotes reach every client
                Map<String, Long> latest = new HashMap<>();
                for (JsonNode q : json.readTree(cluster.get(0, "/api/quotes")).path("quotes")) {
                    latest.put(q.path("symbol").asText(), q.path("seq").asLong());
                }
                long[] behind = clients.behind(latest);
                run.put("finished", Instant.now().toString());
                run.put("loadAverageAtEnd", String.format(Locale.ROOT, "%.2f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("event", failover);
                f.put("clients", catchUp(failMark));
                f.put("publisherBefore", publisherBefore);
                run.put("redisFailover", f);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("event", restart);
                r.put("clients", catchUp(restartMark));
                run.put("nodeRestart", r);
                run.put("publisher", cluster.publisherStatus());
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("quotes", clients.quotes.sum());
                c.put("connections", clients.connects.sum());
                c.put("failedConnects", clients.failedConnects.sum());
                c.put("seqViolations", clients.violations.sum() - clients.foreign.sum());
                c.put("foreignQuotes", clients.foreign.sum());
                c.put("violationSamples", List.copyOf(clients.violationSamples));
                c.put("endPairsBehind", behind[0]);
                c.put("endClientsAway", behind[1]);
                c.put("events", clients.eventCounts());
                run.put("result", c);
                List<SoakReport.Trend> trends = SoakReport.trends(samples, nodes);
                List<SoakReport.Registrations> regs = SoakReport.registrations(samples, nodes, perClient, clientCount);
                String summary = SoakSummary.markdown(run, failover, failMark, restart, restartMark, trends, regs,
                        perClient, clientCount);
                SoakReport.write(out, stamp, run, samples, trends, regs, summary);
                System.out.println(summary);
                System.out.println("wrote " + out.resolve("SOAK.md") + " and soak-" + stamp + ".json");
            }
        }
    }

    /** How fast the clients caught up after a marker, in ms from it; -1: not (all) by the end. */
    private static Map<String, Long> catchUp(SoakClients.Marker m) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (m != null) {
            out.put("firstClientMs", m.firstClientMillis());
            out.put("halfOfClientsMs", m.clientsMillis(0.5));
            out.put("clients99Ms", m.clientsMillis(0.99));
            out.put("everyClientMs", m.everyClientMillis());
        }
        return out;
    }

    private static Map<String, Object> machine() throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> cpu = Files.readAllLines(Path.of("/proc/cpuinfo"));
        m.put("cores", cpu.stream().filter(l -> l.startsWith("processor")).count());
        m.put("cpu", cpu.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 2)).orElse("?"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("loadAverageAtStart", String.format(Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return m;
    }
}
