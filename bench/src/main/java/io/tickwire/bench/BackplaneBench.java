package io.tickwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How many quotes/s one publisher pushes through Redis with a gateway keeping up (issue 17, item 6).
 *
 * <pre>
 * java -cp … io.tickwire.bench.BackplaneBench --root . --rates 50000,100000,150000,200000 \
 *     [--variants before=GATEWAY.jar:PUBLISHER.jar,after=…] [--warmup 5] [--seconds 10] \
 *     [--server-cpus 0] [--backplane-cpus 1] [--publisher-cpus 1] [--port 21500] [--out bench/results/backplane]
 * </pre>
 *
 * <p>For each rate, and each variant in turn (so an A/B is interleaved), it starts the
 * {@code tickwire-redis} peer (gateway on the server cores; redis-server and the simulator's
 * publisher on the backplane cores, or the publisher on its own), with no client, waits the warm-up, then over the window
 * counts what Redis accepted ({@code HGET tickwire:stats quotes}), what the gateway read
 * ({@code tickwire_redis_quotes_read_total} on /actuator/prometheus) and the CPU of each process;
 * at the end, the gateway's read lag. "Keeps up" means the gateway read at least 98% of the
 * offered rate and lags less than a second. Prints a table; writes backplane.md and backplane.json.
 */
public final class BackplaneBench {

    record Sample(String variant, int rate, double acceptedPerSecond, double readPerSecond, double lagSeconds,
                  double gatewayCpu, double redisCpu, double publisherCpu, double redisMicrosPerQuote, boolean keepsUp) {
    }

    private BackplaneBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(o.getOrDefault("root", ".")).toAbsolutePath();
        List<Integer> rates = List.of(o.getOrDefault("rates", "50000,100000,150000,200000").split(",")).stream()
                .map(Integer::parseInt).toList();
        Map<String, String[]> variants = new LinkedHashMap<>();
        for (String v : o.getOrDefault("variants", "current=" + root.resolve("gateway/target/tickwire-gateway.jar") + ":"
                + root.resolve("feed-simulator/target/tickwire-feed-simulator.jar")).split(",")) {
            String[] kv = v.split("=", 2);
            variants.put(kv[0], kv[1].split(":", 2));
        }
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "10"));
        int port = Integer.parseInt(o.getOrDefault("port", "21500"));
        String serverCpus = o.getOrDefault("server-cpus", "0");
        String backplaneCpus = o.getOrDefault("backplane-cpus", "1");
        String publisherCpus = o.getOrDefault("publisher-cpus", backplaneCpus);
        Path out = Files.createDirectories(Path.of(o.getOrDefault("out", "bench/results/backplane")));
        Path logs = Files.createDirectories(out.resolve("logs"));

        List<Sample> samples = new ArrayList<>();
        System.out.printf("%-10s %8s %10s %10s %7s %7s %7s %7s %9s %s%n", "variant", "rate", "accepted/s", "read/s",
                "lag s", "gw %", "redis %", "pub %", "redis us/q", "keeps up");
        for (int rate : rates) {
            for (Map.Entry<String, String[]> v : variants.entrySet()) {
                Sample s = measure(root, v.getKey(), v.getValue(), rate, warmup, seconds, port, serverCpus,
                        backplaneCpus, publisherCpus, logs);
                samples.add(s);
                System.out.printf("%-10s %8d %10.0f %10.0f %7.2f %7.0f %7.0f %7.0f %9.2f %s%n", s.variant(), rate,
                        s.acceptedPerSecond(), s.readPerSecond(), s.lagSeconds(), s.gatewayCpu(), s.redisCpu(),
                        s.publisherCpu(), s.redisMicrosPerQuote(), s.keepsUp() ? "yes" : "NO");
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", String.join(" ", args));
        doc.put("serverCpus", serverCpus);
        doc.put("backplaneCpus", backplaneCpus);
        doc.put("publisherCpus", publisherCpus);
        doc.put("warmupSeconds", warmup);
        doc.put("measuredSeconds", seconds);
        doc.put("samples", samples);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("backplane.json").toFile(), doc);
        StringBuilder md = new StringBuilder("# One publisher through Redis\n\n`BackplaneBench " + String.join(" ", args)
                + "`: gateway on cores " + serverCpus + ", redis-server on cores " + backplaneCpus
                + ", publisher on cores " + publisherCpus + ", no clients; CPU in % of one core.\n\n"
                + "| variant | offered/s | accepted/s | read/s | lag s | gateway % | redis % | publisher % | redis µs/quote | keeps up |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Sample s : samples) {
            md.append(String.format("| %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.2f | %s |%n", s.variant(),
                    s.rate(), s.acceptedPerSecond(), s.readPerSecond(), s.lagSeconds(), s.gatewayCpu(), s.redisCpu(),
                    s.publisherCpu(), s.redisMicrosPerQuote(), s.keepsUp() ? "yes" : "no"));
        }
        Files.writeString(out.resolve("backplane.md"), md);
        System.out.println("wrote " + out.resolve("backplane.md") + " and backplane.json");
    }

    private static Sample measure(Path root, String variant, String[] jars, int rate, int warmup, int seconds, int port,
                                  String serverCpus, String backplaneCpus, String publisherCpus, Path logs)
            throws Exception {
        Path pidFile = Files.createTempFile("bench-backplane-", ".pids");
        Path peers = root.resolve("bench/peers");
        ProcessBuilder pb = new ProcessBuilder("bash", peers.resolve("tickwire-redis/start.sh").toString(),
                Integer.toString(port), Integer.toString(rate), "100", pidFile.toString())
                .redirectErrorStream(true).redirectOutput(logs.resolve(variant + "-" + rate + "-start.log").toFile());
        pb.environment().put("BENCH_SERVER_CPUS", serverCpus);
        pb.environment().put("BENCH_BACKPLANE_CPUS", backplaneCpus);
        pb.environment().put("BENCH_PUBLISHER_CPUS", publisherCpus);
        pb.environment().put("BENCH_LOG_DIR", logs.toString());
        pb.environment().put("TICKWIRE_JAR", Path.of(jars[0]).toAbsolutePath().toString());
        pb.environment().put("TICKWIRE_PUBLISHER_JAR", Path.of(jars[1]).toAbsolutePath().toString());
        Process start = pb.start();
        if (!start.waitFor(90, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new IOException(variant + " did not start; see " + logs);
        }
        List<Long> pids = Files.readAllLines(pidFile).stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Long::parseLong).toList();
        try {
            int redisPort = port + 10000;
            TimeUnit.SECONDS.sleep(warmup); // pacing of the run, not synchronisation
            long seq0 = redisPublished(redisPort);
            double read0 = metric(port, "tickwire_redis_quotes_read_total");
            double[] cpu0 = cpu(pids);
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long seq1 = redisPublished(redisPort);
            double read1 = metric(port, "tickwire_redis_quotes_read_total");
            double[] cpu1 = cpu(pids);
            double wall = (System.nanoTime() - t0) / 1e9;
            double lag = metric(port, "tickwire_redis_read_lag_seconds");
            double accepted = (seq1 - seq0) / wall;
            double read = (read1 - read0) / wall;
            double redisCpu = cpu1[1] - cpu0[1];
            return new Sample(variant, rate, accepted, read, lag, 100 * (cpu1[0] - cpu0[0]) / wall,
                    100 * redisCpu / wall, 100 * (cpu1[2] - cpu0[2]) / wall,
                    seq1 > seq0 ? redisCpu * 1e6 / (seq1 - seq0) : 0, read >= 0.98 * rate && lag < 1);
        }
        finally {
            new ProcessBuilder("bash", peers.resolve("stop.sh").toString(), pidFile.toString()).inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** CPU seconds of the gateway, redis-server and the publisher, as the peer lists them. */
    private static double[] cpu(List<Long> pids) {
        double[] out = new double[3];
        for (int i = 0; i < Math.min(3, pids.size()); i++) {
            out[i] = ProcStat.cpuSeconds(List.of(pids.get(i)));
        }
        return out;
    }

    private static double metric(int port, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no " + name + " on port " + port);
    }

    /**
     * The count of quotes Redis accepted: {@code HGET tickwire:stats quotes} (v1.2: seqs follow its
     * clock), or for a v1.1 library, which keeps no count, {@code GET tickwire:seq} (its seqs were consecutive).
     */
    private static long redisPublished(int port) throws IOException {
        Object counted = RespClient.call(port, "HGET", "tickwire:stats", "quotes");
        Object seq = counted != null ? counted : RespClient.call(port, "GET", "tickwire:seq");
        return Long.parseLong((String) Objects.requireNonNullElse(seq, "0"));
    }
}
