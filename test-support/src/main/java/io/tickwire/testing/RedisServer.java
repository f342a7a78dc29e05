package io.tickwire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Redis (Debian's {@code redis-server}) for a test: on a free port of 127.0.0.1, with a
 * directory of its own and no snapshots on a timer, so what it keeps across a restart is only what
 * {@link #stop(boolean) stop(true)} saved. Stopped by {@link #close()}; killed as a crash would
 * ({@link #kill()}). One may be started as a replica of another ({@link #startReplicaOf}), as a
 * primary and its replicas that Redis Sentinel ({@link RedisSentinel}) watches.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY = Patience.PATIENCE;

    private final Path binary;
    private final Path dir;
    private final int port;
    /** Arguments past the common ones: {@code --replicaof} for a replica. */
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(Path binary, Path dir, int port, List<String> extraArgs) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts a Redis in {@code dir}; skips the test (fails it in CI) where redis-server is not installed. */
    public static RedisServer start(Path dir) {
        return start(dir, List.of());
    }

    /**
     * Starts a Redis in {@code dir} (a directory of its own: it keeps its dump there) as a replica of
     * the Redis on {@code 127.0.0.1:primaryPort} ({@code --replicaof}), which may be a proxy in front of
     * the primary; it answers at once and holds the primary's data once its first sync is done
     * ({@link #awaitInSync()}).
     */
    public static RedisServer startReplicaOf(Path dir, int primaryPort) {
        return start(dir, List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
    }

    private static RedisServer start(Path dir, List<String> extraArgs) {
        Path binary = ExternalTool.require("redis-server", "redis-server");
        try {
            Files.createDirectories(dir);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServer server = new RedisServer(binary, dir, LoopbackPorts.free(), extraArgs);
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Stops Redis: with {@code keepData} it saves everything (functions included) first, as a
     * Redis with persistence would, and the next {@link #restart()} finds it again; without, it comes
     * back empty, as one that lost its data.
     */
    public void stop(boolean keepData) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            command(keepData ? "SHUTDOWN SAVE" : "SHUTDOWN NOSAVE");
        }
        catch (UncheckedIOException e) {
            // The connection drops as Redis exits: that is the answer.
        }
        waitFor(process);
        if (!keepData) {
            try {
                Files.deleteIfExists(dir.resolve("dump.rdb"));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Starts Redis again on the same port, with what {@link #stop(boolean)} left. */
    public void restart() {
        stop(true);
        startProcess();
    }

    /**
     * One command over a raw connection (RESP inline, quotes allowed), for setup and checks: the
     * reply's first line ({@code +OK}, {@code :12}, {@code -ERR …}, {@code *3}), or a bulk string's value.
     */
    public String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String first = RespCall.line(in);
            // A bulk string ($<length>): its value is on the next line.
            return first.startsWith("$") && !first.equals("$-1") ? RespCall.line(in) : first;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One command, its arguments sent as they are (no quoting): the whole reply, as
     * {@code RespCall} reads it (strings, {@code "-ERR …"} for an error, {@link Long}s, lists).
     */
    public Object call(String... args) {
        return RespCall.call(port, args);
    }

    /** {@code INFO section} as its fields: {@code role}, {@code master_repl_offset}, {@code master_link_status} … */
    public Map<String, String> info(String section) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : String.valueOf(call("INFO", section)).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    /** Waits (up to 20 s) until this replica's link to its primary is up and its first sync is done. */
    public void awaitInSync() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Map<String, String> info = info("replication");
            if ("up".equals(info.get("master_link_status")) && "0".equals(info.get("master_sync_in_progress"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica on port " + port + " not in sync: " + info + "; see "
                        + dir.resolve("redis.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Waits (up to 20 s) until this primary counts {@code count} replicas online: synced and
     * acknowledging, so that {@code WAIT} counts them (a replica goes online with its first
     * acknowledgement, up to a second after its sync).
     */
    public void awaitOnlineReplicas(int count) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            Map<String, String> info = info("replication");
            long online = info.entrySet().stream()
                    .filter(e -> e.getKey().matches("slave\\d+") && e.getValue().contains("state=online")).count();
            if (online >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis on port " + port + " has " + online + " replica(s) online, not "
                        + count + ": " + info);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** SIGKILL: Redis is gone at once, as in a crash, its connections reset; nothing is saved. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor(process);
        }
    }

    private void startProcess() {
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--daemonize", "no", "--loglevel", "warning",
                    // A replica's first sync starts at once, not after Redis's 5 s wait for more replicas.
                    "--repl-diskless-sync-delay", "0"));
            command.addAll(extraArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            }
            catch (UncheckedIOException e) {
                // Not listening yet.
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + "; see "
                        + dir.resolve("redis.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
