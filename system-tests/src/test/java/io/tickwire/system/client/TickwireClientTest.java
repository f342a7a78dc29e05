package io.tickwire.system.client;

import static io.tickwire.system.support.AppRecorder.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.ClientEvent;
import io.tickwire.client.ConnectionState;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Transport;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.system.support.AppRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/**
 * {@link TickwireClient} against the real gateway fed by hand, over each transport: what an
 * application sees when it streams quotes, asks for a symbol that does not exist, reads slowly, or
 * stops.
 */
class TickwireClientTest extends ManualFeedGatewayTest {

    TickwireClient client(Transport transport) {
        return TickwireClient.builder("http://127.0.0.1:" + port).transport(transport)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
    }

    static io.tickwire.gateway.hub.Transport onGateway(Transport transport) {
        return switch (transport) {
            case WEBSOCKET -> io.tickwire.gateway.hub.Transport.WS;
            case SSE -> io.tickwire.gateway.hub.Transport.SSE;
            case LONG_POLL -> io.tickwire.gateway.hub.Transport.POLL;
        };
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void streamsTheLatestQuoteOfEachSymbolThenLiveOnes(Transport transport) {
        Quote aapl = feed.emit("AAPL");
        Quote msft = feed.emit("MSFT");
        List<Quote> got = new ArrayList<>();
        StepVerifier.create(client(transport).quotes("AAPL", "MSFT"))
                .recordWith(() -> got)
                .expectNextCount(2)
                .then(() -> assertThat(got).extracting(Quote::symbol, Quote::seq).containsExactlyInAnyOrder(
                        tuple("AAPL", aapl.seq()), tuple("MSFT", msft.seq())))
                .then(() -> feed.emit("TSLA"))
                .then(() -> feed.emit("AAPL"))
                .assertNext(q -> assertThat(q.symbol()).isEqualTo("AAPL"))
                .thenCancel()
                .verify(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anUnknownSymbolIsReportedAndTheOthersKeepStreaming(Transport transport) {
        try (AppRecorder app = new AppRecorder(client(transport), "AAPL", "NOPE")) {
            await().atMost(TIMEOUT).until(() -> app.events.stream().anyMatch(e -> e instanceof ClientEvent.Refusal));
            ClientEvent.Refusal refusal = app.events.stream().filter(ClientEvent.Refusal.class::isInstance)
                    .map(ClientEvent.Refusal.class::cast).findFirst().orElseThrow();
            assertThat(refusal.code()).isEqualTo("UNKNOWN_SYMBOL");
            assertThat(refusal.symbols()).containsExactly("NOPE");
            assertThat(refusal.stream()).containsExactly("AAPL", "NOPE");
            app.awaitLive(1);
            Quote live = feed.emit("AAPL");
            app.awaitSeq(live.seq());
            assertThat(app.error.get()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSlowReaderIsHandedTheNewestQuoteOfEachSymbolNotABacklog(Transport transport) {
        String[] symbols = {"AMD", "IBM", "F"};
        int emitted = 3_000;
        TickwireClient client = client(transport);
        AtomicInteger live = new AtomicInteger();
        client.events().filter(e -> e instanceof ClientEvent.StateChanged s && s.state() == ConnectionState.LIVE)
                .subscribe(e -> live.incrementAndGet());
        Map<String, Long> last = new HashMap<>();
        List<Quote> seen = new CopyOnWriteArrayList<>();
        // The application asks for nothing while the market runs, then for one quote at a time.
        BaseSubscriber<Quote> reader = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
            }

            @Override
            protected void hookOnNext(Quote quote) {
                seen.add(quote);
            }
        };
        client.quotes(symbols).subscribe(reader);
        try {
            await().atMost(TIMEOUT).until(() -> live.get() == 1);
            for (int i = 0; i < emitted; i++) {
                Quote q = feed.emit(symbols[i % symbols.length]);
                last.put(q.symbol(), q.seq());
            }
            // One more per poll: the newest of every symbol comes long before a backlog would have been read.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                reader.request(1);
                return seen.stream().filter(q -> q.seq() == last.get(q.symbol())).count() == symbols.length;
            });
            assertThat(seen.size()).as("quotes handed over for %d emitted", emitted).isLessThan(emitted / 10);
            Map<String, Long> before = new HashMap<>();
            for (Quote q : seen) {
                assertThat(q.seq()).as("%s rises", q.symbol()).isGreaterThan(before.getOrDefault(q.symbol(), 0L));
                before.put(q.symbol(), q.seq());
            }
        }
        finally {
            reader.dispose();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cancellingTheStreamClosesItsConnection(Transport transport) {
        try (AppRecorder app = new AppRecorder(client(transport), "SPY")) {
            app.awaitLive(1);
            await().atMost(TIMEOUT).until(() -> hub.connections(onGateway(transport)) == 1);
            app.cancel();
            await().atMost(TIMEOUT).until(() -> hub.connections(onGateway(transport)) == 0);
            await().atMost(TIMEOUT).until(() -> app.times(ConnectionState.CLOSED) == 1);
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
        }
    }
}
