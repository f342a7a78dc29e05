package io.tickwire.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.support.PrometheusScrape;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/** {@code /actuator/health} follows the feed: DOWN (503) once it is silent past the stall limit (1 s here), UP again when it speaks. */
class FeedHealthTest extends QuietManualFeedTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, JsonNode body) {

        JsonNode feed() {
            return body.path("components").path("feed");
        }
    }

    @Test
    void healthGoesDownWhenTheFeedStallsAndUpWhenQuotesFlowAgain() {
        feed.emit("AAPL");
        Answer up = health();
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.feed().path("status").asText()).isEqualTo("UP");
        assertThat(up.feed().path("details").path("lastQuoteAgeSeconds").asDouble()).isLessThan(1.0);
        assertThat(up.feed().path("details").path("latestSeq").asLong()).isEqualTo(feed.lastSeq());

        // Nothing is emitted now: the feed is paused.
        await().atMost(Duration.ofSeconds(10)).until(() -> health().status() == 503);
        Answer down = health();
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.feed().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.feed().path("details").path("lastQuoteAgeSeconds").asDouble()).isGreaterThan(1.0);
        assertThat(down.feed().path("details").path("stallLimitSeconds").asDouble()).isEqualTo(1.0);
        assertThat(PrometheusScrape.of(port).value("tickwire_feed_last_quote_age_seconds")).isGreaterThan(1.0);

        feed.emit("MSFT");
        Answer again = health();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.feed().path("status").asText()).isEqualTo("UP");
        assertThat(PrometheusScrape.of(port).value("tickwire_feed_last_quote_age_seconds")).isLessThan(1.0);
    }

    private Answer health() {
        return HttpClient.create().get().uri("http://127.0.0.1:" + port + "/actuator/health")
                .responseSingle((response, body) -> body.asString().map(s -> {
                    try {
                        return new Answer(response.status().code(), MAPPER.readTree(s));
                    }
                    catch (Exception e) {
                        throw new IllegalStateException(s, e);
                    }
                }))
                .block(Duration.ofSeconds(10));
    }
}
