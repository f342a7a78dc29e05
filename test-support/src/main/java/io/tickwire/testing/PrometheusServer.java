package io.tickwire.testing;

import static io.tickwire.testing.Patience.PATIENCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import reactor.netty.http.client.HttpClient;

/**
 * A real Prometheus server for a test: started on a free port of 127.0.0.1 with the given
 * configuration and a storage directory of its own, queried over its HTTP API, stopped by
 * {@link #close()}.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.create();

    private final Process process;
    private final String base;

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts {@code binary} with {@code configYaml}, working in {@code dir}; returns once it is ready. */
    public static PrometheusServer start(Path binary, String configYaml, Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("prometheus.yml"), configYaml);
        int port = LoopbackPorts.free();
        Process process = new ProcessBuilder(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port);
        try {
            Awaitility.await().atMost(PATIENCE).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
                }
                return server.get("/-/ready").status() == 200;
            });
        }
        catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** An instant query; the {@code data} of the answer, or an exception if Prometheus refused it. */
    public JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** {@code data} of a GET on the HTTP API, e.g. {@code /api/v1/rules}. */
    public JsonNode api(String pathAndQuery) {
        Answer a = get(pathAndQuery);
        try {
            JsonNode body = MAPPER.readTree(a.body());
            if (a.status() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException(pathAndQuery + " -> " + a.status() + " " + a.body());
            }
            return body.path("data");
        }
        catch (IOException e) {
            throw new UncheckedIOException(a.body(), e);
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer get(String pathAndQuery) {
        return HTTP.get().uri(base + pathAndQuery)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(s -> new Answer(response.status().code(), s)))
                .onErrorReturn(new Answer(-1, ""))
                .block(PATIENCE);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
