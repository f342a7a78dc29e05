package io.tickwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code --scenario storm}: a reconnect storm. When a node dies its clients all come back
 * at once to the others; this measures how fast one server takes them. Per point a fresh server
 * with its feed running, then the native client ({@code bench/target/loadc --storm 1}, which is not
 * the limit: one epoll thread, non-blocking connects) opens every connection at once, each with
 * {@code ?symbols=} of its symbols, and reports connects per second and when each connection was
 * upgraded and live (its snapshot or first quote arrived), from the storm's start.
 *
 * <p>A fresh JVM has compiled nothing, and a node that takes over from a dead one has been serving
 * for a while: so each point first runs {@code warmups} storms of the same size (printed, marked
 * {@code warm-up}), closes them, and then the measured one. The server's CPU is read over the storm.
 */
final class Storm {

    /** What one storm measured (bench/loadc/storm.h), times in ms from the storm's start. */
    record Result(int clients, int upgraded, int live, long failures, double connectsPerSecond,
                  double upgradedP50, double upgradedP99, double upgradedMax, double liveP50, double liveP99,
                  double liveMax, double allLiveMs, double handshakeP50, double handshakeP99,
                  double loadCpuPercent, double serverCpuPercent, double seconds) {
    }

    private Storm() {
    }

    static void run(List<String> systems, List<Integer> counts, List<Integer> rates, int perClient, int universe,
                    int repeats, int warmups, Path root, Path out, Path logs, String serverCpus, String loadCpus,
                    int port)
            throws Exception {
        if (!NativeLoadClient.built(root)) {
            throw new IllegalStateException("--scenario storm needs " + NativeLoadClient.binary(root));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("| feed | system | clients | connects/s | upgraded p50 / p99 / max | "
                + "live p50 / p99 / max | all live | failed | server cpu | load cpu |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int rate : rates) {
            for (String system : systems) {
                for (int n : counts) {
                    for (int r = 1; r <= repeats; r++) {
                        LoadClient.Spec spec = new LoadClient.Spec(system, "ws", "127.0.0.1", port++, n, perClient,
                                universe, 0, 0, 0);
                        try (Peer peer = Peer.start(root.resolve("bench/peers"), system, spec.port(), rate, universe,
                                serverCpus, loadCpus, logs, 0)) {
                            List<String> symbols = LoadClient.symbols(spec);
                            for (int w = 1; w <= warmups; w++) {
                                Result warm = storm(root, loadCpus, spec, symbols, peer.pids());
                                System.out.println("feed " + rate + "/s  " + line(system, r, warm)
                                        + "  (warm-up " + w + ")");
                                settle(peer.pids());
                            }
                            Result res = storm(root, loadCpus, spec, symbols, peer.pids());
                            System.out.println("feed " + rate + "/s  " + line(system, r, res));
                            md.append("| ").append(rate).append(' ').append(row(system, res)).append('\n');
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("rate", rate);
                            row.put("system", system);
                            row.put("repeat", r);
                            row.put("storm", res);
                            rows.add(row);
                        }
                        catch (IOException e) {
                            System.out.printf("%-10s storm %,6d #%d  FAILED: %s%n", system, n, r,
                                    e.getMessage().lines().findFirst().orElse(""));
                        }
                    }
                }
            }
        }
        String stamp = Compare.fileStamp();
        Map<String, Object> method = Map.of("rates", rates, "symbolsPerClient", perClient, "symbols", universe,
                "warmupStorms", warmups, "serverCpus", serverCpus, "loadCpus", loadCpus,
                "tickwireJar", String.valueOf(System.getenv("TICKWIRE_JAR")));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
                out.resolve("storm-" + stamp + ".json").toFile(), Map.of("method", method, "rows", rows));
        Files.writeString(out.resolve("STORM.md"), "# Reconnect storms\n\nEvery client connects at once "
                + "(`?symbols=`, " + perClient + " of " + universe + " symbols each) to a server whose feed runs at "
                + "the rate in the first column (quotes/s over the " + universe + " symbols), after " + warmups
                + " warm-up storm(s) of the same size; times in ms from the storm's start. Upgraded: its 101 arrived; "
                + "live: its snapshot or first quote arrived.\n\n" + md);
    }

    /** One storm by the native client; its JSON, with the server's CPU over the same span. */
    private static Result storm(Path root, String loadCpus, LoadClient.Spec spec, List<String> symbols,
                                List<Long> serverPids) throws IOException, InterruptedException {
        List<String> command = List.of("taskset", "-c", loadCpus, NativeLoadClient.binary(root).toString(),
                "--host", spec.host(), "--port", Integer.toString(spec.port()),
                "--clients", Integer.toString(spec.clients()), "--per-client", Integer.toString(spec.symbolsPerClient()),
                "--symbols", Integer.toString(spec.universe()), "--symbol-list", String.join(",", symbols),
                "--path", "nchan".equals(spec.system()) ? "/sub/" : "/ws?symbols=", "--storm", "1");
        Process p = new ProcessBuilder(command).start();
        double[] server = new double[2];
        Thread marks = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    switch (line) {
                        case "window open" -> server[0] = ProcStat.cpuSeconds(serverPids);
                        case "window close" -> server[1] = ProcStat.cpuSeconds(serverPids);
                        default -> System.err.println("loadc: " + line);
                    }
                }
            }
            catch (IOException e) {
                // the process ended
            }
        }, "loadc-stderr");
        marks.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("loadc --storm failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
        }
        marks.join(TimeUnit.SECONDS.toMillis(5));
        JsonNode j = new ObjectMapper().readTree(out);
        double seconds = j.path("windowSeconds").asDouble();
        return new Result(j.path("clients").asInt(), j.path("upgraded").asInt(), j.path("live").asInt(),
                j.path("failures").asLong(), j.path("connectsPerSecond").asDouble(), j.path("upgradedP50").asDouble(),
                j.path("upgradedP99").asDouble(), j.path("upgradedMax").asDouble(), j.path("liveP50").asDouble(),
                j.path("liveP99").asDouble(), j.path("liveMax").asDouble(), j.path("allLiveMs").asDouble(),
                j.path("handshakeP50").asDouble(), j.path("handshakeP99").asDouble(),
                j.path("loadCpuPercent").asDouble(), (server[1] - server[0]) / seconds * 100, seconds);
    }

    /** Waits, up to 10 s, for the server to have closed the last storm's connections: its CPU goes quiet. */
    private static void settle(List<Long> serverPids) throws InterruptedException {
        double before = ProcStat.cpuSeconds(serverPids);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            double now = ProcStat.cpuSeconds(serverPids);
            if (now - before < 0.1) {
                return;
            }
            before = now;
        }
    }

    static String line(String system, int repeat, Result r) {
        return String.format("%-10s storm %,6d #%d  %,7.0f connects/s  upgraded p50 %6.0f p99 %6.0f max %6.0f  "
                        + "live p50 %6.0f p99 %6.0f max %6.0f ms  all live %s  failed %d  server cpu %3.0f%%  "
                        + "load cpu %3.0f%%", system, r.clients(), repeat, r.connectsPerSecond(), r.upgradedP50(),
                r.upgradedP99(), r.upgradedMax(), r.liveP50(), r.liveP99(), r.liveMax(),
                r.allLiveMs() < 0 ? "NO (" + r.live() + ")" : String.format("%.0f ms", r.allLiveMs()), r.failures(),
                r.serverCpuPercent(), r.loadCpuPercent());
    }

    private static String row(String system, Result r) {
        return String.format("| %s | %,d | %,.0f | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %s | %d | %.0f%% | %.0f%% |",
                system, r.clients(), r.connectsPerSecond(), r.upgradedP50(), r.upgradedP99(), r.upgradedMax(),
                r.liveP50(), r.liveP99(), r.liveMax(),
                r.allLiveMs() < 0 ? "no: " + r.live() : String.format("%.0f ms", r.allLiveMs()), r.failures(),
                r.serverCpuPercent(), r.loadCpuPercent());
    }
}
