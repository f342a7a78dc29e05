package io.tickwire.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.observability.StreamOpens;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.testing.LoopbackPorts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The other way to scrape a secured gateway: the actuator on a management port of its own, which
 * only the monitoring network reaches, needs no credential, and shows health with its details; the
 * public port no longer serves the actuator at all, and still wants a token for the API.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET, "management.server.address=127.0.0.1"})
class ManagementPortTest {

    private static final int MANAGEMENT_PORT = LoopbackPorts.free();

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
    }

    @LocalServerPort
    int port;

    @Test
    void metricsNeedNoCredentialOnTheManagementPortAndStayClosedOnThePublicOne() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + MANAGEMENT_PORT).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("tickwire_connections"));
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/symbols").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void healthShowsItsDetailsAndProbesOnTheManagementPortWithoutACredential() {
        StreamOpens.Answer health = StreamOpens.get(MANAGEMENT_PORT, "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/components/feed/details/latestSeq").isNumber()).isTrue();
        assertThat(health.body().at("/components/diskSpace/details/free").asLong()).isPositive();
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            assertThat(StreamOpens.get(MANAGEMENT_PORT, probe).body().path("status").asText()).as(probe).isEqualTo("UP");
        }
        assertThat(StreamOpens.get(MANAGEMENT_PORT, "/actuator/info").body().at("/build/artifact").asText())
                .isEqualTo("tickwire-gateway");
    }

    @Test
    void thePublicPortServesNoActuator() {
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info")) {
            assertThat(StreamOpens.get(port, path).status()).as(path).isIn(401, 404);
        }
    }
}
