package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.HubFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.HubFixture.Reader;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Outbound;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;

/**
 * The transport's writability gate: nothing leaves while the socket cannot take it, whatever the
 * demand, and quotes conflate only then (or when the client lags otherwise).
 */
class WritabilityGateTest {

    @Test
    void whileNotWritableNothingLeavesAndThenTheNewestQuoteOfEverySymbolGoesInSeqOrder() {
        HubFixture f = new HubFixture("A", "B", "C", "D", "E");
        AtomicBoolean gate = new AtomicBoolean(false);
        f.feed.emit("C");                                       // C@1: C stays quiet, its snapshot is all it has
        ClientSession c = f.connect(Transport.WS, gate::get);
        c.subscribe(List.of("A", "B", "C", "D"), r -> List.of(reply("\"ack\"")));
        Reader reader = f.read(c, Long.MAX_VALUE);

        f.feed.emit("D");                                       // D@2, quiet from then on
        for (int i = 0; i < 50; i++) {
            List.of("A", "B", "E").forEach(f.feed::emit);       // E is not subscribed
        }
        long lastA = f.hub.latest("A").seq();
        long lastB = f.hub.latest("B").seq();
        assertThat(reader.received).isEmpty();
        // One quote waits per symbol: every other A and B was replaced.
        assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "ws")).isEqualTo(2 * 49);

        gate.set(true);
        c.writable();

        assertThat(reader.batches).hasSize(1);
        assertThat(reader.texts()).containsExactly("\"ack\"", "C@1", "D@2", "A@" + lastA, "B@" + lastB);
        assertThat(f.counter(MetricNames.MESSAGES_SENT, MetricNames.TRANSPORT, "ws")).isEqualTo(5);

        long next = f.feed.emit("B").seq();
        assertThat(reader.texts()).last().isEqualTo("B@" + next);
        reader.cancel();
    }

    @Test
    void aGateThatClosesAfterABatchHoldsTheRestUntilWritableAgain() {
        HubFixture f = new HubFixture(new HubSettings(1000, 2), "A", "B", "C", "D");
        AtomicBoolean gate = new AtomicBoolean(false);
        ClientSession c = f.connect(Transport.WS, gate::get);
        c.subscribe(List.of("*"), r -> List.of());
        List.of("A", "B", "C", "D").forEach(f.feed::emit);
        List<List<String>> batches = new ArrayList<>();
        c.outbound().subscribe(new BaseSubscriber<List<Outbound>>() {
            @Override
            protected void hookOnNext(List<Outbound> batch) {
                batches.add(HubFixture.describe(batch));
                gate.set(false);                                // this write filled the socket
            }
        });

        gate.set(true);
        c.writable();
        assertThat(batches).containsExactly(List.of("A@1", "B@2"));

        gate.set(true);
        c.writable();
        assertThat(batches).containsExactly(List.of("A@1", "B@2"), List.of("C@3", "D@4"));
    }

    @Test
    void aClientThatKeepsUpGetsEveryQuoteEvenWhenItsDrainRunsLate() {
        HubFixture f = new HubFixture("A", "B");
        Queue<Runnable> loop = new ArrayDeque<>();     // an event loop busy elsewhere
        ClientSession c = f.hub.connect(Transport.WS, loop::add, () -> true);
        c.subscribe(List.of("A", "B"), r -> List.of());
        Reader reader = f.read(c, Long.MAX_VALUE);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(HubFixture.describe(new EncodedQuote(f.feed.emit(i % 3 == 0 ? "B" : "A"), new byte[0])));
        }
        assertThat(reader.received).isEmpty();

        Runnable task;
        while ((task = loop.poll()) != null) {
            task.run();
        }
        // Socket writable, demand there: the client keeps up, so nothing was conflated and one batch took all.
        assertThat(reader.batches).hasSize(1);
        assertThat(reader.texts()).containsExactlyElementsOf(sent);
        assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "ws")).isZero();
        reader.cancel();
    }
}
