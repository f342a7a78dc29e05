package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The number of series does not grow with symbols or clients: 1,000 symbols, 500 clients. */
// Spring Boot turns metrics export off in tests unless asked: these tests read /actuator/prometheus.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.feed.symbols=1000", "tickwire.feed.rate=5000", "tickwire.feed.zipf-exponent=0"})
class SeriesCardinalityTest {

    private static final int CLIENTS = 500;
    private static final int SYMBOLS_EACH = 10;
    private static final Pattern LABEL_VALUE = Pattern.compile("=\"([^\"]*)\"");

    @LocalServerPort
    int port;
    @Autowired
    QuoteHub hub;

    @Test
    void seriesStayTheSameWithAThousandSymbolsAndFiveHundredClients() {
        List<String> symbols = hub.instruments().stream().map(Instrument::symbol).toList();
        assertThat(symbols).hasSize(1000);
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection());
        List<Disposable> clients = new ArrayList<>();
        AtomicLongArray received = new AtomicLongArray(CLIENTS + 2);
        try {
            // One client of each transport first, so every kind of series exists before the baseline.
            clients.add(ws(http, symbols.subList(0, SYMBOLS_EACH), received, CLIENTS));
            clients.add(http.get().uri("http://127.0.0.1:" + port + "/sse?symbols=" + String.join(",", symbols.subList(0, 5)))
                    .responseContent().doOnNext(b -> received.incrementAndGet(CLIENTS + 1)).subscribe());
            http.get().uri("http://127.0.0.1:" + port + "/api/quotes/poll?since=0&symbols=" + symbols.get(0))
                    .responseContent().aggregate().asString().block(PATIENCE);
            await().atMost(PATIENCE)
                    .until(() -> received.get(CLIENTS) > 0 && received.get(CLIENTS + 1) > 0);
            PrometheusScrape baseline = PrometheusScrape.of(port);

            // 500 more, 10 symbols each, together covering all 1,000.
            for (int i = 0; i < CLIENTS; i++) {
                int first = i * 2;
                List<String> mine = IntStream.range(first, first + SYMBOLS_EACH)
                        .mapToObj(k -> symbols.get(k % symbols.size())).toList();
                clients.add(ws(http, mine, received, i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.connections(Transport.WS) == CLIENTS + 1
                    && IntStream.range(0, CLIENTS).allMatch(i -> received.get(i) > 0));
            PrometheusScrape loaded = PrometheusScrape.of(port);

            assertThat(loaded.value("tickwire_connections", "transport", "ws")).isEqualTo(CLIENTS + 1);
            assertThat(loaded.seriesStartingWith("tickwire_")).isEqualTo(baseline.seriesStartingWith("tickwire_"));
            // JVM series may gain a label or two (a new GC cause); nothing proportional to the load.
            assertThat(loaded.series().size()).isLessThanOrEqualTo(baseline.series().size() + 10);
            Set<String> symbolSet = Set.copyOf(symbols);
            Set<String> labelValues = loaded.series().keySet().stream()
                    .flatMap(s -> LABEL_VALUE.matcher(s).results().map(m -> m.group(1)))
                    .collect(Collectors.toSet());
            assertThat(labelValues).as("label values").doesNotContainAnyElementsOf(symbolSet);
        }
        finally {
            clients.forEach(Disposable::dispose);
        }
        await().atMost(PATIENCE).until(() -> hub.subscriptions() == 0);
    }

    private Disposable ws(HttpClient http, List<String> symbols, AtomicLongArray received, int index) {
        return http.websocket().uri("ws://127.0.0.1:" + port + "/ws?symbols=" + String.join(",", symbols))
                .handle((in, out) -> in.receive().doOnNext(b -> received.incrementAndGet(index)))
                .subscribe();
    }
}
