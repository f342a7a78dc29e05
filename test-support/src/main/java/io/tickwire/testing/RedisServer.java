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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Redis (Debian's {@code redis-server}) for a test: on a free port of 127.0.0.1, with a
 * directory of its own and no snapshots on a timer, so what it keeps across a restart is only what
 * {@link #stop(boolean) stop(true)} saved. Stopped by {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(20);

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a Redis in {@code dir}; skips the test (fails it in CI) where redis-server is not installed. */
    public static RedisServer start(Path dir) {
        RedisServer server = new RedisServer(ExternalTool.require("redis-server", "redis-server"), dir,
                LoopbackPorts.free());
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
            String first = line(in);
            // A bulk string ($<length>): its value is on the next line.
            return first.startsWith("$") && !first.equals("$-1") ? line(in) : first;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
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
            process = new ProcessBuilder(List.of(binary.toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--daemonize", "no", "--loglevel", "warning"))
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
