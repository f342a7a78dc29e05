package io.tickwire.gateway.admin;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A single node keeps its revocations in {@code tickwire.revocation.file}: a node started again
 * on the same file still refuses the revoked subject's old token. With authentication off there
 * is no subject to revoke, and the endpoint says so.
 */
class RevocationFileTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Object> ALL = Tokens.grants(List.of("*"), List.of());

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(TickwireGatewayApplication.class)
                .run(concat(new String[] {"--server.port=0", "--server.address=127.0.0.1", "--tickwire.feed.rate=50"},
                        args));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext node, String method, String path,
                                             String token, String body) throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(PATIENCE).header("Content-Type", "application/json");
        if (token != null) {
            r = r.header("Authorization", "Bearer " + token);
        }
        r = r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRevocationOutlivesARestartOfASingleNode() throws Exception {
        Path file = dir.resolve("state/revocations.json");
        String[] args = {"--tickwire.auth.enabled=true", "--tickwire.auth.hmac-secret=" + Tokens.SECRET,
            "--tickwire.revocation.file=" + file};
        String alice = Tokens.hmac("alice", Instant.now().plusSeconds(600), ALL);
        String admin = Tokens.hmac("ops", Instant.now().plusSeconds(600), Map.of("admin", true));
        try (ConfigurableApplicationContext first = start(args)) {
            assertThat(send(first, "GET", "/api/symbols", alice, null).statusCode()).isEqualTo(200);
            HttpResponse<String> revoked = send(first, "POST", "/api/admin/revocations", admin, "{\"sub\":\"alice\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(send(first, "GET", "/api/symbols", alice, null).statusCode()).isEqualTo(401);
        }
        assertThat(Files.readString(file)).contains("\"alice\"");
        try (ConfigurableApplicationContext second = start(args)) {
            assertThat(send(second, "GET", "/api/symbols", alice, null).statusCode())
                    .as("after the restart").isEqualTo(401);
            assertThat(send(second, "GET", "/api/admin/revocations", admin, null).body()).contains("\"alice\"");
        }
    }

    @Test
    void withAuthenticationOffThereIsNoOneToRevoke() throws Exception {
        try (ConfigurableApplicationContext node = start()) {
            HttpResponse<String> answer = send(node, "POST", "/api/admin/revocations", null, "{\"sub\":\"alice\"}");
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("NOT_ENTITLED").contains("authentication is off");
        }
    }
}
