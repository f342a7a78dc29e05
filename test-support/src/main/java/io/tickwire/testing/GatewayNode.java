package io.tickwire.testing;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One gateway node of a test cluster: the real application in a JVM of its own (so a test can
 * stop it with SIGTERM or kill it with SIGKILL), following the test's Redis, on a free port. The
 * application is run from the test's classpath, which must hold the gateway's classes.
 */
public final class GatewayNode implements AutoCloseable {

    /** A cold JVM on a shared 2-core machine starts Spring Boot in a few seconds; this is generous. */
    public static final Duration START = Duration.ofSeconds(90);
    /** The gateway's main class, named rather than imported: this module is built before the gateway. */
    public static final String MAIN_CLASS = "io.tickwire.gateway.TickwireGatewayApplication";
    /** Decimals read as written, so a test sees the digits the gateway sent (1.08345, 95000.00). */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final String name;
    public final int port;
    private final JavaProcess process;

    private GatewayNode(String name, int port, JavaProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts a node following {@code redisUrl}; returns once it has read the cluster's snapshot. */
    public static GatewayNode start(String name, String redisUrl, Path dir, String... extraArgs) {
        int port = LoopbackPorts.free();
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--tickwire.feed.source=redis", "--spring.data.redis.url=" + redisUrl,
                // Quiet test markets: a silent feed is not what these tests look at.
                "--tickwire.feed.stall-limit=1h", "--tickwire.redis.min-backoff=50ms",
                "--tickwire.redis.max-backoff=500ms", "--logging.level.root=WARN",
                "--logging.level.io.tickwire=INFO"));
        args.addAll(List.of(extraArgs));
        JavaProcess process = JavaProcess.start(MAIN_CLASS,
                List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Djava.net.preferIPv4Stack=true"),
                args, dir.resolve("node-" + name + ".log"));
        GatewayNode node = new GatewayNode(name, port, process);
        node.awaitReady();
        return node;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("node " + name + " exited while starting; see " + process.log() + ":\n" + logTail());
            }
            // Readiness is the feed's link (PROTOCOL.md §5), and shows its status to anyone, auth on or off.
            JsonNode readiness = getJson("/actuator/health/readiness");
            if (readiness != null && "UP".equals(readiness.path("status").asText())) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        fail("node " + name + " not ready within " + START + "; see " + process.log() + ":\n" + logTail());
    }

    /** GET {@code path} as JSON, or {@code null} if the node does not answer (or not with JSON). */
    public JsonNode getJson(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(r.body());
        }
        catch (IOException e) {
            return null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An answer to {@link #post}: its status and JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    /** POST {@code json} to {@code path}; the answer, whatever its status. */
    public Answer post(String path, String json) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(PATIENCE).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), MAPPER.readTree(r.body()));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a Prometheus series on this node's {@code /actuator/prometheus}, or -1 if absent. */
    public double metric(String series) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        catch (IOException e) {
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM: the node stops as an operator stops it for an upgrade. */
    public void terminate() {
        process.terminate();
    }

    /** SIGKILL: the node is gone at once, as in a crash. */
    public void kill() {
        process.kill();
    }

    public boolean awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(process.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "node " + name + " on port " + port;
    }
}
