package io.tickwire.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipFile;

/**
 * The processes of a soak, all real and on 127.0.0.1, each a child process with its output in
 * {@code logs}, stopped by its PID: the Redis side ({@link SoakRedis}), the simulator's publisher at
 * a steady rate, and the gateway nodes following Redis ({@code tickwire.feed.source=redis}) at
 * {@code base}, {@code base+1}, …, with the bench's JVM flags (bench/peers/jvm-flags.sh) and a GC
 * log per node lifetime. Nothing is pinned: the soak shares the machine.
 */
final class SoakCluster implements AutoCloseable {

    private static final List<String> NODE_JVM = List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC",
            "-Djava.net.preferIPv4Stack=true");

    /** {@code publisherArgs}: more options of the publisher, as {@code --wait-replicas=1}. */
    record Settings(Path root, Path logs, int basePort, int nodes, boolean sentinel, int rate, int symbols,
                    int downAfterMillis, List<String> publisherArgs) {
    }

    /** A node stopped gracefully (SIGTERM) and started again; epoch ms. */
    record NodeRestart(int node, long stopAt, long exitedAt, int exitCode, long readyAt) {
    }

    private final Settings s;
    private final SoakRedis redis;
    private final Process[] nodes;
    private final int[] generations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process publisher;
    private Path gatewayJar;
    private Path publisherJar;

    SoakCluster(Settings s) {
        this.s = s;
        this.redis = new SoakRedis(s.logs(), s.basePort(), s.sentinel(), s.downAfterMillis());
        this.nodes = new Process[s.nodes()];
        this.generations = new int[s.nodes()];
    }

    SoakRedis redis() {
        return redis;
    }

    int nodePort(int i) {
        return s.basePort() + i;
    }

    long nodePid(int i) {
        return nodes[i].pid();
    }

    /** How many times node {@code i} has been started: 1, then 2 after a restart. */
    int generation(int i) {
        return generations[i];
    }

    int primaryPort() {
        return redis.primaryPort();
    }

    Path publisherLog() {
        return s.logs().resolve("publisher.log");
    }

    void start() throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>(redis.ports());
        for (int i = 0; i < s.nodes(); i++) {
            ports.add(nodePort(i));
        }
        for (int p : ports) {
            try (ServerSocket probe = new ServerSocket(p)) {
                probe.setReuseAddress(true);
            }
            catch (IOException e) {
                throw new IOException("port " + p + " is taken: choose another --port", e);
            }
        }
        // Copies: a build in the same tree during the run must not change what the restarted node runs.
        gatewayJar = copy(s.root().resolve("gateway/target/tickwire-gateway.jar"));
        publisherJar = copy(s.root().resolve("feed-simulator/target/tickwire-feed-simulator.jar"));
        redis.start();
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                publisherJar.toString(),
                "--rate=" + s.rate(), "--symbols=" + s.symbols(), "--zipf-exponent=0", "--seed=1"));
        cmd.addAll(s.sentinel() ? List.of("--sentinel=" + redis.sentinelNodes(), "--sentinel-master=" + SoakRedis.MASTER)
                : List.of("--redis=redis://127.0.0.1:" + redis.redisPort(0)));
        cmd.addAll(s.publisherArgs());
        publisher = spawn(cmd, publisherLog());
        for (int i = 0; i < s.nodes(); i++) {
            startNode(i);
        }
        for (int i = 0; i < s.nodes(); i++) {
            awaitReady(i);
        }
    }

    /** SIGTERM to node {@code i} (it drains: 1001 to WebSockets, SSE ended), then starts it again. */
    NodeRestart restartNode(int i) throws IOException, InterruptedException {
        long stopAt = System.currentTimeMillis();
        nodes[i].destroy();
        if (!nodes[i].waitFor(60, TimeUnit.SECONDS)) {
            nodes[i].destroyForcibly().waitFor();
        }
        long exitedAt = System.currentTimeMillis();
        int code = nodes[i].exitValue();
        startNode(i);
        awaitReady(i);
        return new NodeRestart(i, stopAt, exitedAt, code, System.currentTimeMillis());
    }

    /** Stops the publisher (SIGTERM): the end-of-run check wants a market that stands still. */
    void stopPublisher() throws InterruptedException {
        stop(publisher);
    }

    /** The publisher's last status line ("published N, failed N, skipped N"), or "". */
    String publisherStatus() {
        try {
            return Files.readAllLines(publisherLog()).stream().filter(l -> l.contains("published "))
                    .reduce((a, b) -> b).map(l -> l.substring(l.indexOf("published "))).orElse("");
        }
        catch (IOException e) {
            return "";
        }
    }

    /** The body of a GET on node {@code i}, or {@code null} when it does not answer 200. */
    String get(int i, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort(i) + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        }
        catch (IOException e) {
            return null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        for (Process p : nodes) {
            stop(p);
        }
        stop(publisher);
        redis.close();
        for (Path jar : new Path[] {gatewayJar, publisherJar}) {
            if (jar != null) {
                Files.deleteIfExists(jar); // the copies served this run only
            }
        }
    }

    private List<String> nodeRedis() {
        if (!s.sentinel()) {
            return List.of("--spring.data.redis.url=redis://127.0.0.1:" + redis.redisPort(0));
        }
        return List.of("--spring.data.redis.sentinel.master=" + SoakRedis.MASTER,
                "--spring.data.redis.sentinel.nodes=" + redis.sentinelNodes());
    }

    private void startNode(int i) throws IOException {
        int gen = ++generations[i];
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(NODE_JVM);
        cmd.add("-Xlog:gc:file=" + s.logs().resolve("gc-node" + i + "-" + gen + ".log"));
        cmd.addAll(List.of("-jar", gatewayJar.toString(),
                "--server.port=" + nodePort(i), "--server.address=127.0.0.1", "--tickwire.feed.source=redis"));
        cmd.addAll(nodeRedis());
        nodes[i] = spawn(cmd, s.logs().resolve("node" + i + "-" + gen + ".log"));
    }

    /** Ready once the node lists the publisher's instruments (as bench/peers/tickwire-redis/start.sh). */
    private void awaitReady(int i) throws IOException, InterruptedException {
        await("node " + i + " to serve the instruments", 180, () -> {
            if (!nodes[i].isAlive()) {
                throw new IllegalStateException("node " + i + " exited; see " + s.logs());
            }
            String body = get(i, "/api/symbols");
            return body != null && !body.equals("[]");
        });
    }

    /** {@code jar} copied into the logs, once the copy reads as a whole jar (a build may be writing it). */
    private Path copy(Path jar) throws IOException, InterruptedException {
        Path to = s.logs().resolve(jar.getFileName());
        await("a whole " + jar, 120, () -> {
            try {
                Files.copy(jar, to, StandardCopyOption.REPLACE_EXISTING);
                try (ZipFile z = new ZipFile(to.toFile())) {
                    return z.size() > 0;
                }
            }
            catch (IOException e) {
                return false;
            }
        });
        return to;
    }

    /** Polls {@code done} every 50 ms until it holds, or fails after {@code seconds}. */
    static void await(String what, int seconds, BooleanSupplier done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static Process spawn(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
