package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a long-poll asks for (PROTOCOL.md §4); its behaviour against a gateway is tested in the gateway module. */
class LongPollLinkTest {

    static Link.Request request(List<String> symbols) {
        return new Link.Request(URI.create("http://gw.example:8080"), null, null, symbols, -1, null,
                Duration.ofSeconds(20));
    }

    @Test
    void aPollCarriesItsSymbolsItsWaitInSecondsAndSinceOnlyWhenResuming() {
        assertThat(LongPollLink.uri(request(List.of("AAPL", "EUR/USD")), -1, Duration.ofSeconds(10)))
                .hasToString("http://gw.example:8080/api/quotes/poll?symbols=AAPL%2CEUR%2FUSD&timeout=10");
        assertThat(LongPollLink.uri(request(List.of("*")), 42, Duration.ofMillis(500)))
                .hasToString("http://gw.example:8080/api/quotes/poll?symbols=*&timeout=0.5&since=42");
        assertThat(LongPollLink.uri(request(List.of("AAPL")), 0, Duration.ZERO))
                .hasToString("http://gw.example:8080/api/quotes/poll?symbols=AAPL&timeout=0&since=0");
    }
}
