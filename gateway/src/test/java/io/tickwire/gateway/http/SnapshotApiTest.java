package io.tickwire.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class SnapshotApiTest extends ManualFeedGatewayTest {

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void symbolsListsTheFeedsUniverseWithNames() {
        client().get().uri("/api/symbols").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.length()").isEqualTo(ManualFeedConfiguration.SYMBOLS.length)
                .jsonPath("$[0].symbol").isEqualTo("AAPL")
                .jsonPath("$[0].name").isEqualTo("AAPL Corp.")
                .jsonPath("$[7].symbol").isEqualTo("BRK.B");
    }

    @Test
    void quotesAnswersTheLatestQuoteOfEachAskedSymbolAndTheFeedSeq() {
        Quote tsla = feed.emit("TSLA");
        Quote nvda = feed.emit("NVDA");
        client().get().uri("/api/quotes?symbols=nvda,TSLA").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.seq").isEqualTo((int) feed.lastSeq())
                .jsonPath("$.quotes.length()").isEqualTo(2)
                .jsonPath("$.quotes[0].symbol").isEqualTo("NVDA")
                .jsonPath("$.quotes[0].seq").isEqualTo((int) nvda.seq())
                .jsonPath("$.quotes[0].bid").isEqualTo(nvda.bid())
                .jsonPath("$.quotes[1].seq").isEqualTo((int) tsla.seq());
    }

    @Test
    void withoutSymbolsEveryQuotedSymbolIsAnswered() {
        Arrays.stream(ManualFeedConfiguration.SYMBOLS).forEach(feed::emit);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = client().get().uri("/api/quotes").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        List<?> quotes = (List<?>) body.get("quotes");
        assertThat(quotes).hasSize(ManualFeedConfiguration.SYMBOLS.length);
        assertThat(((Number) body.get("seq")).longValue()).isEqualTo(feed.lastSeq());
    }

    @Test
    void anUnknownSymbolIsA400WithTheContractsBody() {
        client().get().uri("/api/quotes?symbols=AAPL,XYZ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("UNKNOWN_SYMBOL")
                .jsonPath("$.message").isEqualTo("unknown symbol: XYZ")
                .jsonPath("$.symbols[0]").isEqualTo("XYZ");
    }

    @Test
    void theDashboardPageIsServedAtTheRoot() {
        client().get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("<title>Tickwire"));
    }
}
