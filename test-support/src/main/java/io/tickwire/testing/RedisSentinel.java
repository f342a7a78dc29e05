package io.tickwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Redis Sentinel (Debian's {@code redis-sentinel}) watching one primary for a test: on a
 * free port of 127.0.0.1, with a configuration generated in a directory of its own (Sentinel
 * rewrites it as it learns the replicas, the other sentinels and each failover). Stopped by
 * {@link #close()}.
 *
 * <p>Sentinels find each other and the primary's replicas through the primary within a few
 * seconds; {@link #awaitWatching(int, int)} waits for that, after which a primary that stops
 * answering for {@code downAfter} is failed over once {@code quorum} sentinels agree.
 */
public final class RedisSentinel implements AutoCloseable {

    private static final Duration READY = Patience.PATIENCE;

    private final Process process;
    private final Path dir;
    private final int port;
    private final String master;

    private RedisSentinel(Process process, Path dir, int port, String master) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.master = master;
    }

    /**
     * Starts a sentinel in {@code dir} watching the primary on {@code 127.0.0.1:primaryPort} as
     * {@code master}: down after {@code downAfter} without an answer, agreed by {@code quorum}
     * sentinels, a failover given up (and tried again) after {@code failoverTimeout}. Skips the test
     * (fails it in CI) where redis-sentinel is not installed.
     */
    public static RedisSentinel start(Path dir, String master, int primaryPort, int quorum, Duration downAfter,
                                      Duration failoverTimeout) {
        Path binary = ExternalTool.require("redis-sentinel", "redis-sentinel");
        int port = LoopbackPorts.free();
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "daemonize no",
                    "dir " + dir,
                    "loglevel notice",
                    "sentinel monitor " + master + " 127.0.0.1 " + primaryPort + " " + quorum,
                    "sentinel down-after-milliseconds " + master + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + master + " " + failoverTimeout.toMillis(),
                    "sentinel parallel-syncs " + master + " 1",
                    ""));
            Process p = new ProcessBuilder(binary.toString(), conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile()))
                    .start();
            RedisSentinel sentinel = new RedisSentinel(p, dir, port, master);
            sentinel.awaitAnswering();
            return sentinel;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as {@code spring.data.redis.sentinel.nodes} lists a sentinel. */
    public String node() {
        return "127.0.0.1:" + port;
    }

    /** The port of the primary as this sentinel knows it now ({@code SENTINEL get-master-addr-by-name}). */
    public int primaryPort() {
        Object reply = RespCall.call(port, "SENTINEL", "get-master-addr-by-name", master);
        if (!(reply instanceof List<?> addr) || addr.size() != 2) {
            throw new IllegalStateException("sentinel on port " + port + " knows no primary of " + master + ": " + reply);
        }
        return Integer.parseInt((String) addr.get(1));
    }

    /** {@code SENTINEL MASTER}'s fields: {@code num-slaves}, {@code num-other-sentinels}, {@code flags} … */
    public Map<String, String> masterState() {
        Object reply = RespCall.call(port, "SENTINEL", "MASTER", master);
        if (!(reply instanceof List<?> flat)) {
            throw new IllegalStateException("sentinel on port " + port + ": " + reply);
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return out;
    }

    /**
     * Waits (up to 20 s) until this sentinel knows {@code otherSentinels} other sentinels and
     * {@code replicas} replicas of the primary: from then on it can take part in a failover.
     */
    public void awaitWatching(int otherSentinels, int replicas) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Map<String, String> state = masterState();
            if (Integer.parseInt(state.getOrDefault("num-other-sentinels", "0")) >= otherSentinels
                    && Integer.parseInt(state.getOrDefault("num-slaves", "0")) >= replicas) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sentinel on port " + port + " still sees " + state + "; see "
                        + dir.resolve("sentinel.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            try {
                if ("PONG".equals(RespCall.call(port, "PING"))) {
                    return;
                }
            }
            catch (UncheckedIOException e) {
                // Not listening yet.
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-sentinel did not start on port " + port + "; see "
                        + dir.resolve("sentinel.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
