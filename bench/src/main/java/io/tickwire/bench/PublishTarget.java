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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node {@link PublishBench} publishes to, pinned to the server cores: a gateway fed over HTTP
 * ({@code http}), or a cluster node and its redis-server (on cores of its own, or the server's)
 * ({@code redis}); both with
 * publishing open (authentication off, {@code tickwire.publish.enabled=true}). Closed by killing
 * what it started.
 */
final class PublishTarget implements AutoCloseable {

    private final Process gateway;
    private final Process redis;
    private final int port;

    private PublishTarget(Process gateway, Process redis, int port) {
        this.gateway = gateway;
        this.redis = redis;
        this.port = port;
    }

    static PublishTarget start(String mode, Path jar, int port, String cpus, String redisCpus, Path logs)
            throws Exception {
        Process redis = null;
        List<String> gw = new ArrayList<>(List.of("taskset", "-c", cpus, "java", "-Xms512m", "-Xmx512m",
                "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch", "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1", "--tickwire.publish.enabled=true",
                "--tickwire.feed.stall-limit=1h", "--logging.level.root=WARN"));
        switch (mode) {
            case "http" -> gw.add("--tickwire.feed.source=http");
            case "redis" -> {
                int redisPort = port + 10_000;
                Path dir = Files.createTempDirectory("publish-bench-redis");
                redis = new ProcessBuilder("taskset", "-c", redisCpus, "redis-server", "--port", Integer.toString(redisPort),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(logs.resolve("redis.log").toFile()).start();
                gw.addAll(List.of("--tickwire.feed.source=redis", "--spring.data.redis.url=redis://127.0.0.1:" + redisPort));
            }
            default -> throw new IllegalArgumentException("modes are http and redis, not " + mode);
        }
        Process gateway = new ProcessBuilder(gw).redirectErrorStream(true)
                .redirectOutput(logs.resolve("gateway-" + mode + ".log").toFile()).start();
        PublishTarget t = new PublishTarget(gateway, redis, port);
        t.awaitUp(mode);
        return t;
    }

    private void awaitUp(String mode) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                break;
            }
            String health = get("/actuator/health");
            if (health != null && (mode.equals("http") || health.contains("\"redisConnected\":true"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a starting process
        }
        close();
        throw new IllegalStateException("the " + mode + " node did not start");
    }

    long gatewayPid() {
        return gateway.pid();
    }

    long redisPid() {
        return redis == null ? -1 : redis.pid();
    }

    /** A counter of the node's {@code /actuator/prometheus}. */
    double metric(String name) {
        String body = get("/actuator/prometheus");
        if (body != null) {
            for (String line : body.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        throw new IllegalStateException("no " + name + " on port " + port);
    }

    private String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
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
    public void close() {
        for (Process p : new Process[] {gateway, redis}) {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
