package io.tickwire.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.support.Tokens;
import io.tickwire.testing.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The other way to scrape a secured gateway: the actuator on a management port of its own, which
 * only the monitoring network reaches, needs no credential; the public port still wants one.
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
}
