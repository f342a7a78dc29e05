package io.tickwire.gateway.hub;

import static io.tickwire.gateway.hub.HubFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.delivery.SlowConsumerPolicy;
import io.tickwire.gateway.hub.HubFixture.Reader;
import io.tickwire.gateway.observability.MetricNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link SlowConsumerPolicy#DISCONNECT}: every quote is queued, up to a bound; past it the client goes. */
class DisconnectPolicyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static HubSettings disconnectAfter(int queueSize) {
        return new HubSettings(1000, 256).withSlowConsumerPolicy(SlowConsumerPolicy.DISCONNECT, queueSize);
    }

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
