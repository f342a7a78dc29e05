package io.tickwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a soak found, as SOAK.md and {@code soak-<time>.json}. Flatness is judged per node lifetime
 * (a restarted node starts a new one): the mean of the first third of its samples against the mean
 * of the last third, and the least-squares slope per hour; registrations against the clients' own
 * count of their connections at each sample.
 */
final class SoakReport {

    /** Heap after GC may grow by this share of its first-third mean (plus 2 MB) and still be flat. */
    static final double HEAP_TOLERANCE = 0.05;
    /** Descriptors and threads may differ by this many between the first and last third. */
    static final int COUNT_TOLERANCE = 5;

    record Trend(int node, int generation, String metric, int samples, double fromMinute, double toMinute,
                 double firstThird, double lastThird, double slopePerHour, boolean flat) {
    }

    record Registrations(int node, double maxConnectionsOffClients, double maxSubscriptionsOffConnections,
                         boolean match) {
    }

    private SoakReport() {
    }

    static List<Trend> trends(List<SoakSampler.Sample> samples, int nodes) {
        List<Trend> out = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            int lives = samples.stream().mapToInt(s -> s.nodes().get(node).generation()).max().orElse(0);
            for (int g = 1; g <= lives; g++) {
                int gen = g;
                List<double[]> life = new ArrayList<>();
                for (SoakSampler.Sample s : samples) {
                    SoakSampler.NodeSample ns = s.nodes().get(node);
                    if (ns.generation() == gen) {
                        life.add(new double[] {s.minute(), ns.heapAfterGcBytes() / 1048576.0,
                                ns.fds() - ns.connections(), ns.threads()});
                    }
                }
                // A client connection is a descriptor: what must stay flat is the rest.
                String[] metrics = {"heap after GC MB", "fds beyond client connections", "threads"};
                for (int m = 0; m < metrics.length; m++) {
                    int col = m + 1;
                    Trend t = trend(node, gen, metrics[m], life, r -> r[col]);
                    if (t != null) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    private static Trend trend(int node, int gen, String metric, List<double[]> rows, ToDoubleFunction<double[]> value) {
        int n = rows.size();
        if (n < 3) {
            return null;
        }
        int third = n / 3;
        double first = rows.subList(0, third).stream().mapToDouble(value).average().orElse(0);
        double last = rows.subList(n - third, n).stream().mapToDouble(value).average().orElse(0);
        double mx = rows.stream().mapToDouble(r -> r[0]).average().orElse(0);
        double my = rows.stream().mapToDouble(value).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] r : rows) {
            num += (r[0] - mx) * (value.applyAsDouble(r) - my);
            den += (r[0] - mx) * (r[0] - mx);
        }
        double slopePerHour = den == 0 ? 0 : num / den * 60;
        boolean flat = metric.startsWith("heap") ? last - first <= first * HEAP_TOLERANCE + 2
                : Math.abs(last - first) <= COUNT_TOLERANCE;
        return new Trend(node, gen, metric, n, rows.get(0)[0], rows.get(n - 1)[0], first, last, slopePerHour, flat);
    }

    static List<Registrations> registrations(List<SoakSampler.Sample> samples, int nodes, int perClient, int clients) {
        List<Registrations> out = new ArrayList<>();
        double allowed = Math.max(3, 0.02 * clients);
        for (int n = 0; n < nodes; n++) {
            double conns = 0;
            double subs = 0;
            for (SoakSampler.Sample s : samples) {
                SoakSampler.NodeSample ns = s.nodes().get(n);
                conns = Math.max(conns, Math.abs(ns.connections() - ns.clientsOpen()));
                subs = Math.max(subs, Math.abs(ns.subscriptions() - ns.connections() * perClient));
            }
            out.add(new Registrations(n, conns, subs, conns <= allowed && subs <= allowed * perClient));
        }
        return out;
    }

    static void write(Path out, String stamp, Map<String, Object> run, List<SoakSampler.Sample> samples,
                      List<Trend> trends, List<Registrations> regs, String summary) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>(run);
        doc.put("trends", trends);
        doc.put("registrations", regs);
        doc.put("samples", samples);
        Path json = out.resolve("soak-" + stamp + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        StringBuilder md = new StringBuilder("# Soak\n\n").append(summary).append('\n');
        md.append("\n## Flat? (per node lifetime: first third of its samples against the last third)\n\n")
                .append("| node | life | metric | samples | minutes | first third | last third | slope per hour | flat |\n")
                .append("|---:|---:|---|---:|---|---:|---:|---:|---|\n");
        for (Trend t : trends) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %.1f–%.1f | %.1f | %.1f | %+.1f | %s |%n",
                    t.node(), t.generation(), t.metric(), t.samples(), t.fromMinute(), t.toMinute(), t.firstThird(),
                    t.lastThird(), t.slopePerHour(), t.flat() ? "yes" : "**no**"));
        }
        md.append("\nRegistrations at every sample: `tickwire_connections` (all transports) against the connections "
                + "the clients held open to that node, and `tickwire_subscriptions` against connections × symbols "
                + "per client (a few connections open or close between the two reads).\n\n"
                + "| node | most connections off the clients' count | most subscriptions off connections × symbols | match |\n"
                + "|---:|---:|---:|---|\n");
        for (Registrations r : regs) {
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %s |%n", r.node(), r.maxConnectionsOffClients(),
                    r.maxSubscriptionsOffConnections(), r.match() ? "yes" : "**no**"));
        }
        md.append("\n## Samples\n\nHeap in MB after a full GC (`jcmd GC.run`), RSS in MB, open descriptors, threads; "
                + "connections as the node counts them / as the clients count them; subscriptions; the node's "
                + "`tickwire_redis_gaps_total` and `tickwire_redis_reconnects_total`; the Redis primary's port and "
                + "`connected_clients`; the machine's load average.\n\n"
                + "| minute | node (life) | heap | RSS | fds | threads | connections | subscriptions | gaps | reconnects "
                + "| Redis primary (clients) | load |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (SoakSampler.Sample s : samples) {
            for (SoakSampler.NodeSample n : s.nodes()) {
                md.append(String.format(Locale.ROOT, "| %.1f | %d (%d) | %.1f | %d | %d | %d | %.0f / %d | %.0f | %.0f | %.0f | %d (%d) | %.1f |%n",
                        s.minute(), n.node(), n.generation(), n.heapAfterGcBytes() / 1048576.0, n.rssBytes() >> 20,
                        n.fds(), n.threads(), n.connections(), n.clientsOpen(), n.subscriptions(),
                        n.series().getOrDefault("tickwire_redis_gaps_total", -1.0),
                        n.series().getOrDefault("tickwire_redis_reconnects_total", -1.0), s.redisPrimary(), s.redisClients(),
                        s.loadAverage()));
            }
        }
        md.append("\nEvery sample, with every `tickwire_*` series of each node: [`")
                .append(json.getFileName()).append("`](").append(json.getFileName()).append(").\n");
        Files.writeString(out.resolve("SOAK.md"), md);
    }

    /** A sample as one progress line. */
    static String line(SoakSampler.Sample s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%5.1f min", s.minute()));
        for (SoakSampler.NodeSample n : s.nodes()) {
            b.append(String.format(Locale.ROOT, " | node%d(%d) heap %.1f MB fds %d thr %d conns %.0f/%d subs %.0f",
                    n.node(), n.generation(), n.heapAfterGcBytes() / 1048576.0, n.fds(), n.threads(),
                    n.connections(), n.clientsOpen(), n.subscriptions()));
        }
        return b.append(String.format(Locale.ROOT, " | clients live %d quotes %,d violations %d | redis %d (%d clients) | load %.1f",
                s.clientsLive(), s.quotes(), s.violations(), s.redisPrimary(), s.redisClients(), s.loadAverage())).toString();
    }
}
