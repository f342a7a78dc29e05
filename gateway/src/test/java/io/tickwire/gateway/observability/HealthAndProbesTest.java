package io.tickwire.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * {@code /actuator/health}, its probes and {@code /actuator/info} on a gateway with authentication
 * on (PROTOCOL.md §5), over real HTTP: the status for anyone, details for the metrics credential;
 * readiness follows the feed's availability (its link, cut here by hand), liveness does not; a
 * node whose feed is unavailable refuses new streams before it even reads a token.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.auth.metrics-password=scrape-me"})
@Import(SwitchedFeedLink.Configuration.class)
class HealthAndProbesTest {

    private static final Map<String, String> METRICS = Map.of("Authorization", "Basic cHJvbWV0aGV1czpzY3JhcGUtbWU=");

    @LocalServerPort
    int port;
    @Autowired
    SwitchedFeedLink link;
    @Autowired
    MeterRegistry registry;

    @AfterEach
    void restoreTheLink() {
        link.restore();
    }

    StreamOpens.Answer get(String path) {
        return StreamOpens.get(port, path);
    }

    StreamOpens.Answer get(String path, Map<String, String> headers) {
        return StreamOpens.get(port, path, headers);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String token() {
        return Tokens.hmac("alice", Instant.now().plusSeconds(600), Tokens.grants(List.of("AAPL"), List.of()));
    }

    @Nested
    class Health {

        @Test
        void anAnonymousCallerSeesTheStatusOnly() {
            StreamOpens.Answer health = get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertStatusOnly(health);
            // Nor one component by its path: the disk's path and free space stay hidden.
            assertThat(get("/actuator/health/diskSpace").status()).isEqualTo(404);
            assertThat(get("/actuator/health/feed").status()).isEqualTo(404);
        }

        @Test
        void theMetricsCredentialSeesEveryComponentWithItsDetails() {
            StreamOpens.Answer health = get("/actuator/health", METRICS);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().at("/components/feed/details/stallLimitSeconds").asDouble()).isEqualTo(10.0);
            assertThat(health.body().at("/components/diskSpace/details/free").asLong()).isPositive();
            assertThat(health.body().at("/components/feedAvailability/status").asText()).isEqualTo("UP");
            assertThat(get("/actuator/health/diskSpace", METRICS).body().at("/details/path").asText()).isNotEmpty();
        }

        @Test
        void aWrongMetricsPasswordIsRefusedAndAClientsTokenShowsNoMoreThanTheStatus() {
            assertThat(get("/actuator/health", Map.of("Authorization", "Basic cHJvbWV0aGV1czp3cm9uZw==")).status())
                    .isEqualTo(401);
            assertStatusOnly(get("/actuator/health", bearer(token())));
        }

        /** The status, and the names of the probe groups; no component, no detail. */
        static void assertStatusOnly(StreamOpens.Answer health) {
            assertThat(health.body().path("status").asText()).isEqualTo("UP");
            List<String> fields = new ArrayList<>();
            health.body().fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsOnly("status", "groups");
            assertThat(health.body().path("groups").toString()).isEqualTo("[\"liveness\",\"readiness\"]");
        }
    }

    @Nested
    class Probes {

        @Test
        void livenessAndReadinessAreUpWhileTheFeedIsAvailable() {
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                StreamOpens.Answer answer = get(probe);
                assertThat(answer.status()).as(probe).isEqualTo(200);
                assertThat(answer.body().toString()).as(probe).isEqualTo("{\"status\":\"UP\"}");
            }
        }

        @Test
        void readinessFollowsTheFeedsLinkAndLivenessDoesNot() {
            link.cut();
            StreamOpens.Answer readiness = get("/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body().path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(get("/actuator/health/readiness", METRICS).body()
                    .at("/components/feedAvailability/details/reason").asText()).isEqualTo("its link is down");
            assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
            StreamOpens.Answer health = get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().path("status").asText()).isEqualTo("DOWN");

            link.restore();
            assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(get("/actuator/health").status()).isEqualTo(200);
        }
    }

    @Nested
    class Info {

        @Test
        void namesTheBuildsVersionAndItsCommit() {
            StreamOpens.Answer info = get("/actuator/info");
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.body().at("/build/artifact").asText()).isEqualTo("tickwire-gateway");
            // The project's version (the root pom's revision), passed by surefire as tickwire.version.
            assertThat(info.body().at("/build/version").asText()).isEqualTo(System.getProperty("tickwire.version"));
            // Built from a git checkout (not from a tarball without .git): the commit it was built from.
            Path checkout = Path.of(System.getProperty("tickwire.ops.dir", "../ops")).toAbsolutePath().getParent();
            if (Files.exists(checkout.resolve(".git"))) {
                assertThat(info.body().at("/git/commit/id").asText()).matches("[0-9a-f]{7,40}");
            }
        }
    }

    @Nested
    class NewStreamsWhileTheFeedIsUnavailable {

        @Test
        void areRefused503WithRetryAfterBeforeAnyTokenIsReadAndSnapshotsStillAnswer() {
            double before = refused();
            link.cut();
            String token = token();
            List<StreamOpens.Answer> refusedAnswers = List.of(
                    StreamOpens.handshake(port, ""), StreamOpens.handshake(port, "?access_token=" + token),
                    get("/sse?symbols=AAPL"), get("/sse?symbols=AAPL", bearer(token)),
                    get("/api/quotes/poll?symbols=AAPL&timeout=1", bearer(token)));
            for (StreamOpens.Answer refused : refusedAnswers) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("FEED_UNAVAILABLE");
                assertThat(refused.body().path("message").asText()).isNotEmpty();
                assertThat(refused.retryAfter()).isEqualTo("1");
            }
            assertThat(refused() - before).isEqualTo(refusedAnswers.size());
            assertThat(get("/api/quotes?symbols=AAPL", bearer(token)).status()).isEqualTo(200);
            assertThat(get("/api/symbols", bearer(token)).status()).isEqualTo(200);

            link.restore();
            assertThat(StreamOpens.handshake(port, "?access_token=" + token).status()).isEqualTo(101);
            assertThat(get("/sse?symbols=AAPL", bearer(token)).status()).isEqualTo(200);
            assertThat(StreamOpens.handshake(port, "").status()).as("no token: the contract's 401").isEqualTo(401);
        }

        double refused() {
            return registry.get(MetricNames.LIMITED).tag(MetricNames.REASON, MetricNames.FEED_UNAVAILABLE).counter()
                    .count();
        }
    }
}
