package io.tickwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/target/loadc} (bench/loadc/, C, one thread on epoll) as a process pinned to the
 * load cores, and reads its one JSON object into a {@link LoadClient.Result}. It stays far from
 * its own limit where the Java client saturates (bench/README.md). The server's CPU and RSS are
 * read here from {@code /proc} over the client's own window, which it announces on stderr.
 *
 * <p>It speaks plain WebSocket only: {@link #supports} says which points it can measure; the
 * others (SSE, Socket.IO, authentication, stalled clients, the timeline) stay with {@link LoadClient}.
 */
final class NativeLoadClient {

    /**
     * What only this client counts (bench/loadc/tally.h): quotes of its symbols a client missed
     * that another subscriber got, seqs that came again or went backwards, and window seqs that
     * no client got.
     */
    record Gaps(long gaps, long disorder, long unseen) {
    }

    /** A run's result, its gaps, and loadc's whole JSON (for what only some scenarios read, such as idle counts). */
    record Measured(LoadClient.Result result, Gaps gaps, JsonNode json) {
    }

    private NativeLoadClient() {
    }

    static Path binary(Path root) {
        return root.resolve("bench/target/loadc");
    }

    static boolean built(Path root) {
        return Files.isExecutable(binary(root));
    }

    static boolean supports(LoadClient.Spec spec, boolean timeline) {
        return "ws".equals(spec.transport()) && spec.stallFraction() == 0 && !timeline
                && !BenchTokens.needed(spec.system()) && !"socketio".equals(spec.system());
    }

    static Measured run(Path root, String loadCpus, LoadClient.Spec spec, List<Long> serverPids)
            throws IOException, InterruptedException {
        return run(root, loadCpus, spec, serverPids, List.of(), 0, () -> { });
    }

    /**
     * As {@link #run(Path, String, LoadClient.Spec, List)}, with more loadc options ({@code --idle …},
     * taking up to {@code extraSeconds} more), and {@code atClose} run as the window closes, while
     * loadc still holds every connection (its drain), on the thread that reads loadc's stderr.
     */
    static Measured run(Path root, String loadCpus, LoadClient.Spec spec, List<Long> serverPids, List<String> extra,
                        long extraSeconds, Runnable atClose) throws IOException, InterruptedException {
        List<String> symbols = LoadClient.symbols(spec);
        List<String> command = new ArrayList<>(List.of("taskset", "-c", loadCpus, binary(root).toString(),
                "--host", spec.host(), "--port", Integer.toString(spec.port()),
                "--clients", Integer.toString(spec.clients()), "--per-client", Integer.toString(spec.symbolsPerClient()),
                "--symbols", Integer.toString(spec.universe()), "--symbol-list", String.join(",", symbols),
                "--path", "nchan".equals(spec.system()) ? "/sub/" : "/ws?symbols=",
                "--warmup", Integer.toString(spec.warmUpSeconds()), "--seconds", Integer.toString(spec.windowSeconds())));
        command.addAll(extra);
        Process p = new ProcessBuilder(command).start();
        double[] server = new double[2];
        long[] rss = new long[1];
        Thread marks = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.equals("window open")) {
                        server[0] = ProcStat.cpuSeconds(serverPids);
                        // To match against the server's GC and JIT logs, which print the time of day.
                        System.err.println("loadc: window open at " + Instant.now());
                    }
                    else if (line.equals("window close")) {
                        server[1] = ProcStat.cpuSeconds(serverPids);
                        System.err.println("loadc: window close at " + Instant.now());
                        rss[0] = ProcStat.rssBytes(serverPids);
                        atClose.run();
                    }
                    else {
                        System.err.println("loadc: " + line);
                    }
                }
            }
            catch (IOException e) {
                // the process ended
            }
        }, "loadc-stderr");
        marks.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        long limit = 200L + spec.warmUpSeconds() + spec.windowSeconds() + extraSeconds;
        if (!p.waitFor(limit, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("loadc failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + "): " + out);
        }
        marks.join(TimeUnit.SECONDS.toMillis(5 + extraSeconds));
        JsonNode j = new ObjectMapper().readTree(out);
        double seconds = j.path("windowSeconds").asDouble();
        LoadClient.Result r = new LoadClient.Result(j.path("deliveredPerSecond").asDouble(),
                j.path("framesPerSecond").asDouble(), j.path("p50").asDouble(), j.path("p90").asDouble(),
                j.path("p99").asDouble(), j.path("p999").asDouble(), j.path("max").asDouble(),
                j.path("loadCpuPercent").asDouble(), (server[1] - server[0]) / seconds * 100, rss[0],
                j.path("failures").asLong(), j.path("connectP50").asDouble(), j.path("connectP99").asDouble(), 0);
        return new Measured(r, new Gaps(j.path("gaps").asLong(), j.path("disorder").asLong(), j.path("unseen").asLong()), j);
    }
}
