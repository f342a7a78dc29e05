package io.tickwire.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A cluster node whose HTTP publishing waits for a replica ({@code tickwire.redis.wait-replicas=1},
 * PROTOCOL.md §8): a request is answered 200 only once a real replica holds it, and 503
 * {@code FEED_UNAVAILABLE} with {@code Retry-After} once no replica acknowledges it in time.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT,
        properties = {"tickwire.feed.source=redis", "tickwire.publish.enabled=true", "tickwire.feed.stall-limit=1h",
                "tickwire.redis.wait-replicas=1", "tickwire.redis.wait-timeout=2s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishWaitsForReplicasTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RedisServer primary;
    private static RedisServer replica;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) throws IOException {
        primary = RedisServer.start(Files.createTempDirectory("wait-primary"));
        replica = RedisServer.startReplicaOf(Files.createTempDirectory("wait-replica"), primary.port());
        replica.awaitInSync();
        primary.awaitOnlineReplicas(1);
        registry.add("spring.data.redis.url", primary::url);
    }

    @AfterAll
    static void stopRedis() {
        replica.close();
        primary.close();
    }

    @LocalServerPort
    int port;

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String quotes(String symbol, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(symbol).append("\",\"bid\":10.0").append(i % 9)
                    .append(",\"ask\":10.1,\"last\":10.1,\"bidSize\":1,\"askSize\":1,\"lastSize\":1,\"volume\":")
                    .append(100 + i).append(",\"open\":10}");
        }
        return b.append("]").toString();
    }

    @Test
    @Order(1)
    void aRequestIsAnsweredOnceAReplicaHoldsIt() throws Exception {
        HttpResponse<String> defined = post("/api/instruments", "[{\"symbol\":\"WAITA\"}]");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);

        HttpResponse<String> r = post("/api/publish", quotes("WAITA", 50));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        List<Long> seqs = LongStream.rangeClosed(body.get("firstSeq").asLong(), body.get("lastSeq").asLong()).boxed()
                .toList();
        assertThat(seqs).hasSize(50);
        // Answered 200: the replica has every one of them already.
        assertThat(SentinelRedis.missing(replica, seqs)).isEmpty();
    }

    @Test
    @Order(2)
    void aRequestNoReplicaAcknowledgesInTimeIs503FeedUnavailableWithRetryAfter() throws Exception {
        // The replica leaves: the primary has none to wait for.
        replica.call("REPLICAOF", "NO", "ONE");
        HttpResponse<String> r = post("/api/publish", quotes("WAITA", 5));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo("FEED_UNAVAILABLE");
        assertThat(body.get("message").asText()).contains("0 of the 1 replica(s)");
    }
}
