package io.tickwire.gateway.security;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.gateway.observability.FeedAvailability;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.observability.StreamOpens;
import io.tickwire.gateway.observability.SwitchedFeedLink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The step-aside gate on its own, without a gateway or a Redis: a link the test cuts, the filter
 * given requests, and its route in front of a real Reactor Netty server.
 */
class FeedGateTest {

    private static final Duration TIMEOUT = PATIENCE;

    final SwitchedFeedLink link = new SwitchedFeedLink();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ObjectMapper mapper = new ObjectMapper();
    final FeedGate gate = new FeedGate(new FeedAvailability(link), mapper, new GatewayMeters(registry));

    double refused() {
        return registry.get(MetricNames.LIMITED).tag(MetricNames.REASON, MetricNames.FEED_UNAVAILABLE).counter().count();
    }

    @Nested
    class AsAWebFilter {

        /** The exchange after the filter, and whether the filter passed it on. */
        record Filtered(MockServerWebExchange exchange, boolean passed) {
        }

        Filtered filter(String pathAndQuery) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(pathAndQuery));
            AtomicBoolean passed = new AtomicBoolean();
            gate.filter(exchange, e -> Mono.fromRunnable(() -> passed.set(true))).block(TIMEOUT);
            return new Filtered(exchange, passed.get());
        }

        @ParameterizedTest
        @ValueSource(strings = {"/ws", "/ws?symbols=AAPL", "/sse?symbols=AAPL", "/api/quotes/poll?since=3"})
        void refusesANewStreamWhileTheLinkIsDown(String pathAndQuery) throws Exception {
            assertThat(filter(pathAndQuery).passed()).as("available").isTrue();
            link.cut();
            Filtered f = filter(pathAndQuery);
            assertThat(f.passed()).isFalse();
            assertThat(f.exchange().getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(f.exchange().getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
            JsonNode body = mapper.readTree(f.exchange().getResponse().getBodyAsString().block(TIMEOUT));
            assertThat(body.path("code").asText()).isEqualTo("FEED_UNAVAILABLE");
            assertThat(body.path("message").asText()).contains("another node");
            assertThat(refused()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api/quotes?symbols=AAPL", "/api/symbols", "/api/bars?symbol=AAPL", "/",
            "/actuator/health", "/ws/other", "/sse/"})
        void passesSnapshotsAndEverythingElseWhileTheLinkIsDown(String pathAndQuery) {
            link.cut();
            assertThat(filter(pathAndQuery).passed()).isTrue();
            assertThat(refused()).isZero();
        }
    }

    @Nested
    class AsARouteAheadOfAReactorNettyServer {

        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> gate.ahead().apply(routes)
                        .get("/ws", (request, response) -> response.sendString(Mono.just("{\"passed\":true}"))))
                .bindNow(TIMEOUT);

        @AfterEach
        void stop() {
            server.disposeNow(TIMEOUT);
        }

        @Test
        void refusesTheHandshakeOnlyWhileTheLinkIsDown() {
            assertThat(StreamOpens.get(server.port(), "/ws").body().path("passed").asBoolean()).isTrue();

            link.cut();
            StreamOpens.Answer refused = StreamOpens.handshake(server.port(), "?symbols=AAPL");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.retryAfter()).isEqualTo("1");
            assertThat(refused.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(refused.code()).isEqualTo("FEED_UNAVAILABLE");
            assertThat(refused()).isEqualTo(1);

            link.restore();
            assertThat(StreamOpens.get(server.port(), "/ws").body().path("passed").asBoolean()).isTrue();
        }
    }
}
