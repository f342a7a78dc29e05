package io.tickwire.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.SseClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code tickwire.limits.handshakes-per-second}: opens per second from one address. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tickwire.limits.handshakes-per-second=20")
class HandshakeRateTest {

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    @Test
    void aBurstOfOpensFromOneAddressIsAnswered429WithRetryAfter() {
        double before = registry.get(MetricNames.LIMITED).tag(MetricNames.REASON, "handshake_rate").counter().count();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            try (SseClient sse = SseClient.open(port, "/sse?symbols=AAPL")) {
                statuses.add(sse.status());
                if (sse.status() == 429) {
                    assertThat(sse.headers().get("Retry-After")).isEqualTo("1");
                }
            }
        }
        assertThat(statuses).contains(200, 429);
        assertThat(registry.get(MetricNames.LIMITED).tag(MetricNames.REASON, "handshake_rate").counter().count() - before)
                .isEqualTo(statuses.stream().filter(s -> s == 429).count());
    }

}
