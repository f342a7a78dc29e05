package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.HubFixture.describe;
import static io.tickwire.gateway.support.HubFixture.reply;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.HubFixture.Reader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@link SlowConsumerPolicy}, for a client that does not read: under {@code CONFLATE} it gets the
 * newest quote of each symbol, so what waits for it is bounded by its symbols; under
 * {@code DISCONNECT} every quote is queued, up to a bound, and past it the client goes. The same
 * over real sockets, next to clients that keep reading, is {@code continuity.SlowConsumerTest}'s
 * and {@code continuity.SlowConsumerDisconnectTest}'s.
 */
class SlowConsumerPolicyTest {

    private static final Duration TIMEOUT = PATIENCE;

    private static HubSettings disconnectAfter(int queueSize) {
        return new HubSettings(1000, 256).withSlowConsumerPolicy(SlowConsumerPolicy.DISCONNECT, queueSize);
    }

    /** The default: a client that does not read gets the newest quote of each of its symbols. */
    @Nested
    class Conflate {

        @Test
        void aClientThatDoesNotReadGetsTheNewestQuoteOfEverySymbolInSeqOrder() {
            HubFixture f = new HubFixture("A", "B", "C", "D");
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B", "C"), r -> List.of());

            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> {
                        for (String s : List.of("A", "B", "C", "D", "A", "B", "A")) {
                            f.feed.emit(s);             // seq 1..7
                        }
                    })
                    .expectNoEvent(Duration.ZERO)
                    .thenRequest(1)
                    // C@3 never replaced; B@6 replaced B@2; A@7 replaced A@1 and A@5: sent oldest first.
                    .expectNext(List.of("C@3", "B@6", "A@7"))
                    .thenCancel()
                    .verify(TIMEOUT);

            assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "ws")).isEqualTo(3);
            assertThat(f.counter(MetricNames.MESSAGES_SENT, MetricNames.TRANSPORT, "ws")).isEqualTo(3);
        }

        @Test
        void whatWaitsForAStalledClientIsBoundedByItsSymbols() {
            HubFixture f = new HubFixture("A", "B", "C");
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B"), r -> List.of());
            StepVerifier.create(c.outbound(), 0)
                    .then(() -> {
                        for (int i = 0; i < 100_000; i++) {
                            f.feed.emit(i % 3 == 0 ? "A" : i % 3 == 1 ? "B" : "C");
                        }
                    })
                    .thenRequest(Long.MAX_VALUE)
                    // seq = i + 1: the last A is i = 99999, the last B i = 99997.
                    .assertNext(batch -> assertThat(describe(batch)).containsExactly("B@99998", "A@100000"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
        }
    }

    /** Every quote is queued, in order, up to the queue size; the quote past it ends the client. */
    @Nested
    class Disconnect {

        @Test
        void withoutDemandEveryQuoteIsQueuedInSeqOrderNoneConflated() {
            HubFixture f = new HubFixture(disconnectAfter(5), "A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B"), r -> List.of());

            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> List.of("A", "B", "A", "B", "A").forEach(f.feed::emit))
                    .expectNoEvent(Duration.ZERO)
                    .then(() -> assertThat(c.closeReason()).isNull())
                    .thenRequest(1)
                    .expectNext(List.of("A@1", "B@2", "A@3", "B@4", "A@5"))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "ws")).isZero();
            assertThat(f.counter(MetricNames.SLOW_CONSUMER_DISCONNECTS, MetricNames.TRANSPORT, "ws")).isZero();
        }

        @Test
        void theQuoteThatOverflowsTheQueueEndsTheStreamAsASlowConsumerWhileOthersReadOn() {
            HubFixture f = new HubFixture(disconnectAfter(3), "A", "B");
            ClientSession slow = f.connect(Transport.SSE);
            slow.subscribe(List.of("A", "B"), r -> List.of());
            ClientSession fast = f.connect();
            fast.subscribe(List.of("A", "B"), r -> List.of());
            Reader fastReader = f.read(fast, Long.MAX_VALUE);

            StepVerifier.create(slow.outbound(), 0)
                    .then(() -> List.of("A", "B", "A").forEach(f.feed::emit))
                    .then(() -> assertThat(slow.closeReason()).as("3 queued of 3").isNull())
                    .then(() -> f.feed.emit("B"))
                    // Completes without any demand, and with none of the queued quotes.
                    .expectComplete()
                    .verify(TIMEOUT);
            assertThat(slow.closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
            assertThat(f.counter(MetricNames.SLOW_CONSUMER_DISCONNECTS, MetricNames.TRANSPORT, "sse")).isEqualTo(1);
            assertThat(f.counter(MetricNames.SLOW_CONSUMER_DISCONNECTS, MetricNames.TRANSPORT, "ws")).isZero();

            f.feed.emit("A");
            assertThat(fastReader.texts()).containsExactly("A@1", "B@2", "A@3", "B@4", "A@5");
            assertThat(fast.closeReason()).isNull();
            fastReader.cancel();
        }

        @Test
        void aSnapshotIsNotCountedAgainstTheQueueButLiveQuotesBehindItAre() {
            HubFixture f = new HubFixture(disconnectAfter(2), "A", "B", "C");
            List.of("A", "B", "C").forEach(f.feed::emit);
            ClientSession c = f.connect();
            StepVerifier.create(c.outbound(), 0)
                    // Three snapshots in a queue of two: a subscribe is not a slow reader.
                    .then(() -> c.subscribe(List.of("A", "B", "C"), r -> List.of()))
                    .then(() -> assertThat(c.closeReason()).isNull())
                    // Live quotes still overflow it while the snapshots wait.
                    .then(() -> f.feed.emit("A"))
                    .expectComplete()
                    .verify(TIMEOUT);
            assertThat(c.closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
            assertThat(f.counter(MetricNames.SLOW_CONSUMER_DISCONNECTS, MetricNames.TRANSPORT, "ws")).isEqualTo(1);
        }

        @Test
        void quotesQueuedForASymbolAreNeverSentOnceItIsUnsubscribed() {
            HubFixture f = new HubFixture(disconnectAfter(10), "A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B"), r -> List.of());

            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> {
                        List.of("A", "B", "A", "B").forEach(f.feed::emit);
                        assertThat(c.unsubscribe(List.of("B"))).isEqualTo(1);
                        c.reply(reply("\"unsubscribed\""));
                        List.of("B", "A").forEach(f.feed::emit);
                    })
                    .thenRequest(1)
                    .expectNext(List.of("\"unsubscribed\"", "A@1", "A@3", "A@6"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void snapshotsAreQueuedBySeqAmongLiveQuotes() {
            HubFixture f = new HubFixture(disconnectAfter(10), "A", "B", "C");
            f.feed.emit("B");                                       // B@1
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());

            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> {
                        List.of("A", "C", "A").forEach(f.feed::emit);  // A@2 C@3 A@4
                        c.subscribe(List.of("C", "B"), r -> List.of(reply("\"ack\"")));
                        f.feed.emit("C");                              // C@5
                    })
                    .thenRequest(1)
                    .expectNext(List.of("\"ack\"", "B@1", "A@2", "C@3", "A@4", "C@5"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void aThrottledSymbolStaysWithinItsMaxRateWhileItsQuotesWaitInTheQueue() {
            HubFixture f = new HubFixture(disconnectAfter(50), "A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), new SubscribeOptions(SubscribeOptions.NO_CURSOR, 2), r -> List.of());
            Reader reader = f.read(c, 0);

            // 200 quotes in a second to a client that asked for 2 a second and reads nothing meanwhile.
            f.every(Duration.ofMillis(5), Duration.ofSeconds(1), () -> f.feed.emit("A"));
            assertThat(c.closeReason()).isNull();
            reader.request(Long.MAX_VALUE);

            assertThat(reader.quotesOf("A")).hasSizeBetween(1, 3);
            reader.cancel();
        }
    }
}
