package io.tickwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compare's {@code --scenario hundred-k}: the measured clients at their usual load, and beside them
 * many idle connections held by the same native client (bench/loadc, {@code --idle}), so that one
 * run shows both what the idle ones cost (heap after a full GC and RSS, per connection) and whether
 * the active ones still get their quotes in time. Setup time (from the first connect until every
 * client is open or failed) and failed connects are reported; idle messages in the window show how
 * idle the idle ones were.
 *
 * <p>An idle connection subscribed to a live symbol is not idle: each watches {@code idlePerClient}
 * of the feed's symbols with {@code maxRate} {@code idleMaxRate} (a dashboard tile refreshed every
 * 10 s at 0.1), so the gateway still routes every quote to its mailbox and conflates it there, as it
 * would for such a client. Heap and RSS are read while loadc holds everything, between its window
 * and its drain: that full GC pauses the server, after the latency was measured.
 */
final class HundredK {

    /** What one run is: the idle count, their symbols each, the {@code maxRate} they ask for. */
    record Idle(int count, int perClient, double maxRate) {
    }

    private HundredK() {
    }

    static void run(String system, LoadClient.Spec spec, Idle idle, int rate, boolean histogram, Path root, Path out,
                    Path logs, String serverCpus, String loadCpus, long feedDelay) throws Exception {
        if (!NativeLoadClient.built(root)) {
            throw new IllegalStateException("--scenario hundred-k needs " + NativeLoadClient.binary(root));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        try (Peer peer = Peer.start(root.resolve("bench/peers"), system, spec.port(), rate, spec.universe(),
                serverCpus, loadCpus, logs, feedDelay)) {
            List<Long> pids = peer.pids();
            long heapBefore = ProcStat.heapAfterGc(pids);
            long rssBefore = ProcStat.rssBytes(pids);
            long[] after = {-1, 0};
            List<String> extra = List.of("--idle", Integer.toString(idle.count()),
                    "--idle-per-client", Integer.toString(idle.perClient()),
                    "--idle-max-rate", Double.toString(idle.maxRate()),
                    "--connect-s", "600", "--drain-ms", "20000");
            NativeLoadClient.Measured m = NativeLoadClient.run(root, loadCpus, spec, pids, extra, 660, () -> {
                after[0] = ProcStat.heapAfterGc(pids);
                after[1] = ProcStat.rssBytes(pids);
                if (histogram) {
                    classHistogram(pids, logs.resolve("histogram-%s-%d.txt".formatted(system, idle.count())));
                }
            });
            JsonNode j = m.json();
            int held = j.path("connected").asInt() + j.path("idleConnected").asInt();
            LoadClient.Result r = m.result();
            row.put("system", system);
            row.put("active", spec.clients());
            row.put("idle", idle);
            row.put("feedRate", rate);
            row.put("held", held);
            row.put("failures", r.failures());
            row.put("setupSeconds", j.path("setupSeconds").asDouble());
            row.put("connectP50", r.connectP50());
            row.put("connectP99", r.connectP99());
            row.put("heapPerConnection", after[0] < 0 || held == 0 ? -1 : (after[0] - heapBefore) / held);
            row.put("rssPerConnection", held == 0 ? 0 : (after[1] - rssBefore) / held);
            row.put("heapBefore", heapBefore);
            row.put("heapAfter", after[0]);
            row.put("rssBefore", rssBefore);
            row.put("rssAfter", after[1]);
            row.put("idleMessagesPerSecond", j.path("idleMessages").asDouble() / j.path("windowSeconds").asDouble(1));
            row.put("result", r);
            row.put("gaps", m.gaps());
        }
        String line = line(row);
        System.out.println(line);
        String stamp = Compare.fileStamp();
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("hundred-k-" + stamp + ".json").toFile(), row);
        Files.writeString(out.resolve("HUNDRED-K.md"), "# " + spec.clients() + " active + " + idle.count()
                + " idle connections\n\nFeed " + rate + " quotes/s over " + spec.universe() + " symbols; active clients "
                + spec.symbolsPerClient() + " symbols each, idle ones " + idle.perClient() + " with maxRate "
                + idle.maxRate() + ". Heap after a full GC and RSS from /proc, with every connection held, "
                + "per connection held.\n\n"
                + "| system | held | failed | setup | connect p99 | heap/conn | RSS/conn | delivered | p50 | p99 | p99.9 | idle msgs/s |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + tableRow(row) + "\n");
    }

    static String line(Map<String, Object> row) {
        LoadClient.Result r = (LoadClient.Result) row.get("result");
        return String.format("%-10s held %,7d  failed %d  setup %5.1f s (connect p99 %.1f ms)  heap/conn %5.2f KB  "
                        + "rss/conn %5.2f KB  active: delivered %,9.0f/s  p50 %5.2f  p99 %6.2f  p99.9 %6.2f ms  "
                        + "server cpu %3.0f%%  idle msgs %,.0f/s",
                row.get("system"), (int) row.get("held"), (long) row.get("failures"), (double) row.get("setupSeconds"),
                r.connectP99(), (long) row.get("heapPerConnection") / 1024.0, (long) row.get("rssPerConnection") / 1024.0,
                r.deliveredPerSecond(), r.p50(), r.p99(), r.p999(), r.serverCpuPercent(),
                (double) row.get("idleMessagesPerSecond"));
    }

    private static String tableRow(Map<String, Object> row) {
        LoadClient.Result r = (LoadClient.Result) row.get("result");
        return String.format("| %s | %,d | %d | %.1f s | %.1f ms | %.2f KB | %.2f KB | %,.0f/s | %.2f | %.2f | %.2f | %,.0f |",
                row.get("system"), (int) row.get("held"), (long) row.get("failures"), (double) row.get("setupSeconds"),
                r.connectP99(), (long) row.get("heapPerConnection") / 1024.0, (long) row.get("rssPerConnection") / 1024.0,
                r.deliveredPerSecond(), r.p50(), r.p99(), r.p999(), (double) row.get("idleMessagesPerSecond"));
    }

    /** jcmd's class histogram of the server's JVM (a full GC first: live objects only), to see where the heap goes. */
    private static void classHistogram(List<Long> pids, Path file) {
        List<String> command = new ArrayList<>(List.of("jcmd", Long.toString(pids.get(0)), "GC.class_histogram"));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
        }
        catch (IOException e) {
            System.err.println("no histogram: " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
