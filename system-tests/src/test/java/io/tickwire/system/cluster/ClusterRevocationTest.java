package io.tickwire.system.cluster;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation made on one node of a cluster reaches every node (PROTOCOL.md §4a): the subject's
 * stream on the other node ends with 1008 "revoked" while another subject's stream there goes on,
 * and a node started afterwards refuses her old token, the list being kept in the cluster's Redis.
 */
class ClusterRevocationTest {

    private static final String[] AUTH = {"--tickwire.auth.enabled=true", "--tickwire.auth.hmac-secret=" + Tokens.SECRET,
        "--tickwire.auth.metrics-password=scrape"};
    private static final Map<String, Object> ALL = Tokens.grants(List.of("*"), List.of());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static String token(String subject, Map<String, Object> grants) {
        return Tokens.hmac(subject, Instant.now().plusSeconds(600), grants);
    }

    private static HttpResponse<String> send(GatewayNode node, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path))
                .timeout(PATIENCE).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        r = body == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A counter's value on {@code node}'s {@code /actuator/prometheus}, read as the scraper (auth is on). */
    private static double metric(GatewayNode node, String series) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString("prometheus:scrape".getBytes(StandardCharsets.UTF_8));
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + basic).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(series + " ") || l.startsWith(series + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aRevocationOnOneNodeEndsTheStreamOnAnotherAndOutlivesARestart() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, TestCluster.symbols("REV", 4), AUTH)) {
            TestCluster.Market market = cluster.market(TestCluster.symbols("REV", 4), 4, Duration.ofMillis(20));
            String alice = token("alice", ALL);
            try (WsClient hers = WsClient.connect(cluster.b.port, "?access_token=" + alice);
                 WsClient his = WsClient.connect(cluster.b.port, "?access_token=" + token("bob", ALL))) {
                hers.subscribe("1", symbols("REV0"));
                hers.awaitAck();
                his.subscribe("1", symbols("REV0"));
                his.awaitAck();
                hers.nextQuote();

                long sent = System.nanoTime();
                HttpResponse<String> answer = send(cluster.a, "POST", "/api/admin/revocations",
                        token("ops", Map.of("admin", true)), "{\"sub\":\"alice\"}");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

                assertThat(hers.closeStatus()).isEqualTo(1008);
                assertThat(hers.closeReason()).isEqualTo("revoked");
                System.out.printf("revocation on node a ended alice's stream on node b after %.0f ms%n",
                        (System.nanoTime() - sent) / 1e6);
                long after = his.nextQuote().seq();
                assertThat(his.until(m -> m.seq() > after)).extracting(Message::seq).last().isNotNull();
                assertThat(his.isEnded()).isFalse();
                assertThat(send(cluster.b, "GET", "/api/symbols", alice, null).statusCode()).isEqualTo(401);
                assertThat(metric(cluster.b, "tickwire_revoked_streams_total")).isEqualTo(1);
                assertThat(metric(cluster.a, "tickwire_revocations_total")).isEqualTo(1);
            }
            market.stop();
            try (GatewayNode c = GatewayNode.start("c", cluster.redis.url(), dir, AUTH)) {
                assertThat(send(c, "GET", "/api/symbols", alice, null).statusCode())
                        .as("a node started after the revocation reads it from Redis").isEqualTo(401);
                assertThat(send(c, "GET", "/api/symbols", token("bob", ALL), null).statusCode()).isEqualTo(200);
            }
        }
    }
}
