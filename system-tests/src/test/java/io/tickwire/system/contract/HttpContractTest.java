package io.tickwire.system.contract;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.feed.Quote;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api/*} answer of a running gateway (authentication off, its feed not taking
 * published quotes), successes and refusals, validated against the response docs/openapi.yaml
 * gives for its path and status. {@link SecuredContractTest} has 401, 403 and 429;
 * {@link PublishContractTest} publishing on nodes that take it.
 */
class HttpContractTest extends ContractGatewayTest {

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** GETs {@code path+query}, expects {@code status}, and returns the body, validated against the document. */
    JsonNode answer(String path, String query, int status) {
        return api.get(path, query, status).body();
    }

    @Nested
    class Snapshots {

        @Test
        void theSymbolListMatchesItsSchema() {
            JsonNode symbols = answer("/api/symbols", "", 200);
            assertThat(symbols).extracting(s -> s.get("symbol").asText()).contains("AAPL", "BRK.B");
        }

        @Test
        void latestQuotesOfSomeAndOfAllSymbolsMatchTheEnvelope() {
            Quote q = feed.emit("QQQ");
            JsonNode some = answer("/api/quotes", "?symbols=QQQ,aapl", 200);
            assertThat(some.get("quotes")).extracting(x -> x.get("seq").asLong()).contains(q.seq());
            assertThat(answer("/api/quotes", "", 200).get("quotes")).isNotEmpty();
            answer("/api/quotes", "?symbols=*", 200);
        }

        @Test
        void anUnknownSymbolIsA400NamingIt() {
            JsonNode error = answer("/api/quotes", "?symbols=AAPL,NOPE", 400);
            assertThat(error.get("code").asText()).isEqualTo("UNKNOWN_SYMBOL");
            assertThat(error.get("symbols")).extracting(JsonNode::asText).containsExactly("NOPE");
        }
    }

    @Nested
    class LongPolls {

        @Test
        void aPollWithoutACursorAnswersTheSnapshotAndOneThatTimesOutAnswersNoQuotes() {
            Quote q = feed.emit("F");
            JsonNode snapshot = answer("/api/quotes/poll", "?symbols=F", 200);
            assertThat(snapshot.get("seq").asLong()).isEqualTo(q.seq());
            JsonNode empty = answer("/api/quotes/poll", "?symbols=F&since=" + q.seq() + "&timeout=0", 200);
            assertThat(empty.get("quotes")).isEmpty();
        }

        @Test
        void badParametersAndUnknownOrTooManySymbolsAre400s() {
            assertThat(answer("/api/quotes/poll", "?since=-1", 400).get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(answer("/api/quotes/poll", "?timeout=soon", 400).get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(answer("/api/quotes/poll", "?symbols=NOPE", 400).get("code").asText())
                    .isEqualTo("UNKNOWN_SYMBOL");
            assertThat(answer("/api/quotes/poll", "?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ&timeout=0", 400)
                    .get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        }
    }

    /** {@code GET /api/bars}, the chart history. */
    @Nested
    class ChartHistory {

        @Test
        void barsAndTheirRefusalsMatchTheirSchemas() {
            // A node serves no bar of the second it started in: quote until a whole second has a bar.
            await().atMost(PATIENCE).untilAsserted(() -> {
                feed.emit("AAPL");
                JsonNode bars = answer("/api/bars", "?symbol=AAPL&interval=1s&limit=100", 200);
                assertThat(bars.get("symbol").asText()).isEqualTo("AAPL");
                assertThat(bars.get("priceDecimals").asInt()).as("an equity's").isEqualTo(2);
                assertThat(bars.get("sizeDecimals").asInt()).isZero();
                assertThat(bars.get("bars")).isNotEmpty();
            });
            answer("/api/bars", "?symbol=AAPL&interval=1m", 200);
            answer("/api/bars", "?symbol=AAPL", 200);
            for (String bad : new String[] {"", "?symbol=AAPL,MSFT", "?symbol=AAPL&interval=5s", "?symbol=AAPL&limit=0"}) {
                assertThat(answer("/api/bars", bad, 400).get("code").asText()).as(bad).isEqualTo("BAD_REQUEST");
            }
            assertThat(answer("/api/bars", "?symbol=NOPE", 400).get("code").asText()).isEqualTo("UNKNOWN_SYMBOL");
        }
    }

    /** {@code POST /api/publish} and {@code /api/instruments} on a node whose feed is not one that takes them. */
    @Nested
    class Publishing {

        @Test
        void aNodeWhoseFeedIsItsSimulatorAnswersNotPublishable() {
            String quote = "[{\"symbol\":\"AAPL\",\"bid\":189.30,\"ask\":189.31,\"last\":189.31,\"bidSize\":100,"
                    + "\"askSize\":100,\"lastSize\":100,\"volume\":1,\"open\":189.30}]";
            assertThat(api.post("/api/publish", quote, null, 409).code()).isEqualTo("NOT_PUBLISHABLE");
            assertThat(api.post("/api/instruments", "[{\"symbol\":\"AAPL\"}]", null, 409).code())
                    .isEqualTo("NOT_PUBLISHABLE");
        }
    }
}
