package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.support.PrometheusScrape;
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
        // UP while it speaks: asked right after a quote, health answers UP (asked again after a new
        // quote should a busy machine have let the 1 s stall limit pass in between).
        Answer up = speakUntilUp("AAPL");
        assertThat(up.feed().path("status").asText()).isEqualTo("UP");
        assertThat(up.feed().path("details").path("lastQuoteAgeSeconds").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(up.feed().path("details").path("latestSeq").asLong()).isEqualTo(feed.lastSeq());

        // Nothing is emitted now: the feed is paused.
        await().atMost(PATIENCE).until(() -> health().status() == 503);
        Answer down = health();
        assertThat(down.body().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.feed().path("status").asText()).isEqualTo("DOWN");
        assertThat(down.feed().path("details").path("lastQuoteAgeSeconds").asDouble()).isGreaterThan(1.0);
        assertThat(down.feed().path("details").path("stallLimitSeconds").asDouble()).isEqualTo(1.0);
        assertThat(PrometheusScrape.of(port).value("tickwire_feed_last_quote_age_seconds")).isGreaterThan(1.0);

        Answer again = speakUntilUp("MSFT");
        assertThat(again.feed().path("status").asText()).isEqualTo("UP");
        assertThat(again.feed().path("details").path("latestSeq").asLong()).isEqualTo(feed.lastSeq());
    }

    private Answer speakUntilUp(String symbol) {
        return await().atMost(PATIENCE).until(() -> {
            feed.emit(symbol);
            return health();
        }, a -> a.status() == 200);
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
                .block(PATIENCE);
    }
}
