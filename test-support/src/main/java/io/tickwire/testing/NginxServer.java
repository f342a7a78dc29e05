package io.tickwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A real nginx (Debian's) in front of gateway nodes, configured with the project's own
 * {@code ops/nginx/tickwire.conf}: its upstream servers replaced by the nodes' ports and its
 * {@code listen} by a free port of 127.0.0.1, inside a main configuration that keeps every file in
 * a directory of the test's. One process, no daemon; stopped by {@link #close()}.
 */
public final class NginxServer implements AutoCloseable {

    private static final Duration READY = Patience.PATIENCE;

    private final Process process;
    private final int port;

    private NginxServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts nginx from {@code tickwireConf} in front of {@code nodePorts}; skips the test where nginx is missing. */
    public static NginxServer start(Path tickwireConf, List<Integer> nodePorts, Path dir) {
        Path nginx = ExternalTool.require("nginx", "nginx");
        int port = LoopbackPorts.free();
        try {
            String site = Files.readString(tickwireConf);
            String upstreams = nodePorts.stream()
                    .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                    .collect(Collectors.joining("\n"));
            site = site.replaceFirst("(?m)^\\s*server 127\\.0\\.0\\.1:8081 .*$", upstreams)
                    .replaceFirst("(?m)^\\s*server 127\\.0\\.0\\.1:8082 .*\\R", "")
                    .replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(dir.resolve("tickwire.conf"), site);
            Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                    "daemon off;",
                    "master_process off;",
                    "pid " + dir.resolve("nginx.pid") + ";",
                    "error_log " + dir.resolve("logs/error.log") + " warn;",
                    "events { worker_connections 4096; }",
                    "http {",
                    "  access_log off;",
                    "  client_body_temp_path " + dir.resolve("client_body") + ";",
                    "  proxy_temp_path " + dir.resolve("proxy") + ";",
                    "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                    "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                    "  scgi_temp_path " + dir.resolve("scgi") + ";",
                    "  include " + dir.resolve("tickwire.conf") + ";",
                    "}", ""));
            Process p = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                    .start();
            NginxServer server = new NginxServer(p, port);
            server.awaitListening(dir);
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    private void awaitListening(Path dir) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            }
            catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not start; see " + dir.resolve("logs"), e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    @Override
    public void close() {
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
