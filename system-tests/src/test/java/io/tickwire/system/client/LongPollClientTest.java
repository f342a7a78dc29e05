package io.tickwire.system.client;

import static io.tickwire.system.support.AppRecorder.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.tickwire.client.ClientEvent;
import io.tickwire.client.ConnectionState;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.TickwireRefusedException;
import io.tickwire.client.Transport;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.system.support.AppRecorder;
import io.tickwire.testing.LoopbackPorts;
import io.tickwire.testing.TcpProxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TickwireClient} over {@link Transport#LONG_POLL} against the real gateway fed by hand:
 * what a client behind a proxy that buffers streams sees. Quotes of its symbols, and only those,
 * in {@code seq} order; a link cut by the network and a gateway out of reach for a while are
 * bridged by Reactor's backoff, growing while attempts fail and starting over once a poll is
 * answered, and the stream resumes with nothing lost and nothing handed over twice; a request
 * whose every symbol is unknown ends the stream after one attempt.
 */
class LongPollClientTest extends ManualFeedGatewayTest {

    static final Duration MIN = Duration.ofMillis(50);

    static TickwireClient client(int port) {
        return TickwireClient.builder("http://127.0.0.1:" + port).transport(Transport.LONG_POLL)
                .backoff(MIN, Duration.ofMillis(500)).build();
    }

    @Test
    void quotesOfTheSubscribedSymbolsArriveInSeqOrderTheLatestOfEachFirst() {
        Quote nvda = feed.emit("NVDA");
        Quote msft = feed.emit("MSFT");
        Quote aapl = feed.emit("AAPL");
        try (AppRecorder app = new AppRecorder(client(port), "AAPL", "MSFT", "NVDA")) {
            app.awaitSeq(aapl.seq());
            assertThat(app.quotes).extracting(Quote::seq).startsWith(nvda.seq(), msft.seq(), aapl.seq());
            Map<String, Long> last = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                Quote q = feed.emit(List.of("AAPL", "TSLA", "MSFT", "NVDA").get(i % 4));
                last.put(q.symbol(), q.seq());
            }
            last.remove("TSLA");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(app.latest()).isEqualTo(last));
            assertThat(app.quotes).extracting(Quote::symbol).containsOnly("AAPL", "MSFT", "NVDA");
            assertThat(app.quotes).extracting(Quote::seq).isSorted().doesNotHaveDuplicates();
            assertThat(app.times(ConnectionState.LIVE)).as("one link all along").isEqualTo(1);
            assertThat(app.error.get()).isNull();
        }
    }

    @Test
    void aCutLinkIsBridgedByTheBackoffWhichStartsOverOnceAPollIsAnsweredAndTheStreamResumes() {
        try (TcpProxy proxy = TcpProxy.start(port); AppRecorder app = new AppRecorder(client(proxy.port()), "SPY", "QQQ",
                "AMD")) {
            app.awaitLive(1);
            Quote spy = feed.emit("SPY");
            Quote qqq = feed.emit("QQQ");
            app.awaitSeq(qqq.seq());

            // The gateway out of reach: the link is cut and every new one refused, until the address leads to it again.
            proxy.retarget(LoopbackPorts.free());
            proxy.cut();
            await().atMost(TIMEOUT).until(() -> app.times(ConnectionState.RECONNECTING) >= 3);
            Quote lostQqq = feed.emit("QQQ");
            Quote lostAmd = feed.emit("AMD");
            proxy.retarget(port);
            app.awaitLive(2);
            app.awaitSeq(lostAmd.seq());
            assertThat(app.latest()).isEqualTo(Map.of("SPY", spy.seq(), "QQQ", lostQqq.seq(), "AMD", lostAmd.seq()));
            assertThat(retryIns(app)).as("the backoff grows while attempts fail")
                    .startsWith(MIN, MIN.multipliedBy(2), MIN.multipliedBy(4));

            // A second cut, the gateway reachable: the count started over when the first poll was answered.
            int before = retryIns(app).size();
            proxy.cut();
            app.awaitLive(3);
            assertThat(retryIns(app).get(before)).isEqualTo(MIN);
            Quote after = feed.emit("SPY");
            app.awaitSeq(after.seq());
            app.assertEachSymbolsSeqsRise();
            assertThat(app.quotes).extracting(Quote::seq).doesNotHaveDuplicates();
            assertThat(app.error.get()).isNull();
        }
    }

    @Test
    void aRequestWhoseEverySymbolIsUnknownEndsTheStreamAfterOneAttempt() {
        Counter refusals = registry.counter(MetricNames.PROTOCOL_ERRORS, MetricNames.CODE, "UNKNOWN_SYMBOL");
        double before = refusals.count();
        try (AppRecorder app = new AppRecorder(client(port), "NOPE", "NADA")) {
            await().atMost(TIMEOUT).until(() -> app.error.get() != null);
            assertThat(app.error.get()).isInstanceOfSatisfying(TickwireRefusedException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("UNKNOWN_SYMBOL");
            });
            assertThat(refusals.count() - before).as("polls the gateway refused").isEqualTo(1);
            assertThat(app.events).filteredOn(ClientEvent.Refusal.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((ClientEvent.Refusal) e).symbols()).containsExactlyInAnyOrder("NOPE", "NADA"));
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
            assertThat(app.times(ConnectionState.FAILED)).isEqualTo(1);
        }
    }

    /** The backoff told with each {@code RECONNECTING}, in order. */
    static List<Duration> retryIns(AppRecorder app) {
        return app.states().stream().filter(s -> s.state() == ConnectionState.RECONNECTING)
                .map(ClientEvent.StateChanged::retryIn).toList();
    }
}
