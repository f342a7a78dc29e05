package io.tickwire.gateway.hub;

import static io.tickwire.gateway.support.HubFixture.reply;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Outbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/**
 * The hub, with its clients' mailboxes draining on the calling thread: one feed subscription for
 * every client, what a subscribe sends and in what order, and the hub's start and stop. Resuming
 * from a cursor over each transport is {@code continuity.ResumeTest}'s; what waits for a client that
 * does not read is {@code delivery.SlowConsumerPolicyTest}'s.
 */
class QuoteHubTest {

    private static final Duration TIMEOUT = PATIENCE;

    /** Subscribed once, whatever the clients; what it sends that the hub cannot use; its failure. */
    @Nested
    class TheFeed {

        @Test
        void subscribesToTheFeedOnceWhateverTheNumberOfClients() {
            HubFixture f = new HubFixture("AAPL", "MSFT");
            List<ClientSession> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ClientSession c = f.connect();
                c.subscribe(List.of("AAPL"), r -> List.of());
                clients.add(c);
            }
            f.hub.start();
            assertThat(f.feed.subscriptions()).isEqualTo(1);
            assertThat(f.hub.feedSubscriptions()).isEqualTo(1);
            assertThat(f.hub.connections(Transport.WS)).isEqualTo(50);
            assertThat(f.hub.subscriptions()).isEqualTo(50);
            clients.forEach(c -> c.close(CloseReason.CLIENT_CLOSED));
            assertThat(f.hub.connections(Transport.WS)).isZero();
            assertThat(f.hub.subscriptions()).isZero();
        }

        @Test
        void quotesTheHubCannotUseAreCountedNotPublished() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            f.feed.emit(ManualQuoteFeed.quote("A", 10));
            f.feed.emit(ManualQuoteFeed.quote("A", 10));   // replayed
            f.feed.emit(ManualQuoteFeed.quote("A", 9));    // older
            f.feed.emit(ManualQuoteFeed.quote("ZZZ", 11)); // never announced
            assertThat(f.counter(MetricNames.FEED_QUOTES_REJECTED, MetricNames.REASON, MetricNames.REJECTED_STALE)).isEqualTo(2);
            assertThat(f.counter(MetricNames.FEED_QUOTES_REJECTED, MetricNames.REASON, MetricNames.REJECTED_UNKNOWN_SYMBOL)).isEqualTo(1);
            assertThat(f.registry.get(MetricNames.FEED_QUOTES).counter().count()).isEqualTo(1);
            assertThat(f.hub.latestSeq()).isEqualTo(10);
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .expectNext(List.of("A@10"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void aFailedFeedIsSubscribedAgainAndQuotesFlowOn() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            f.feed.emit("A");
            f.feed.fail(new IllegalStateException("connection to the feed lost"));
            // The sink is terminated; the feed of a real source would come back. Resubscription is what we check.
            await().atMost(TIMEOUT).until(() -> f.hub.feedSubscriptions() >= 2);
            f.hub.stop();
        }
    }

    /** What a subscribe sends, in what order, and what it refuses; what an unsubscribe stops. */
    @Nested
    class Subscriptions {

        @Test
        void aSubscriberGetsItsRepliesThenTheSnapshotThenLiveQuotesOfItsSymbolsOnly() {
            HubFixture f = new HubFixture("AAPL", "MSFT", "TSLA");
            Quote aapl = f.feed.emit("AAPL");
            f.feed.emit("TSLA");
            ClientSession c = f.connect();
            SubscribeResult r = c.subscribe(List.of("AAPL", "MSFT"), result -> List.of(reply("{\"ack\":1}")));
            assertThat(r.accepted()).containsExactly("AAPL", "MSFT");
            assertThat(r.added()).isEqualTo(2);

            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .expectNext(List.of("{\"ack\":1}", "AAPL@" + aapl.seq()))
                    .then(() -> {
                        f.feed.emit("TSLA");
                        f.feed.emit("MSFT");
                    })
                    .expectNext(List.of("MSFT@4"))
                    .then(() -> c.close(CloseReason.CLIENT_CLOSED))
                    .verifyComplete();
        }

        @Test
        void aSnapshotTakesItsPlaceBySeqAmongPendingLiveQuotes() {
            HubFixture f = new HubFixture("A", "B", "C");
            Quote b1 = f.feed.emit("B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> {
                        f.feed.emit("A");               // seq 2, pending
                        f.feed.emit("C");               // seq 3
                        c.subscribe(List.of("C", "B"), r -> List.of(reply("{\"ack\":2}")));
                    })
                    .thenRequest(1)
                    .expectNext(List.of("{\"ack\":2}", "B@" + b1.seq(), "A@2", "C@3"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void snapshotsAndLiveQuotesStayInSeqOrderWhileTheFeedRunsOnAnotherThread() throws Exception {
            String[] symbols = new String[50];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = "S" + i;
            }
            HubFixture f = new HubFixture(symbols);
            ExecutorService drainThread = Executors.newSingleThreadExecutor();
            AtomicBoolean running = new AtomicBoolean(true);
            // Five busy symbols, the rest quiet: a quiet symbol's snapshot is far older than the busy quotes.
            Thread feedThread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    f.feed.emit(symbols[i % 1000 == 0 ? 5 + (i / 1000) % 45 : i % 5]);
                }
            });
            try {
                feedThread.start();
                await().atMost(TIMEOUT).until(() -> f.hub.latestSeq() > 50_000);
                for (int round = 0; round < 20; round++) {
                    ClientSession c = f.hub.connect(Transport.WS, drainThread);
                    // Reading before subscribing, as a transport does: batches drain while the subscribe runs.
                    List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
                    TestSubscriber<List<Outbound>> reader = TestSubscriber.<List<Outbound>>builder().build();
                    c.outbound().doOnNext(batch -> batch.forEach(m -> seqs.add(((EncodedQuote) m).seq())))
                            .subscribe(reader);
                    c.subscribe(List.of(symbols), r -> List.of());
                    long until = f.hub.latestSeq() + 2_000;
                    await().atMost(TIMEOUT).until(() -> !seqs.isEmpty() && seqs.get(seqs.size() - 1) > until);
                    c.close(CloseReason.CLIENT_CLOSED);
                    synchronized (seqs) {
                        assertThat(seqs).as("round %d", round).isSorted().doesNotHaveDuplicates();
                    }
                }
            }
            finally {
                running.set(false);
                feedThread.join();
                drainThread.shutdown();
            }
        }

        @Test
        void aCursorOnASymbolAlreadySubscribedSendsNothingExtra() {
            HubFixture f = new HubFixture("A", "B");
            List.of("A", "B").forEach(f.feed::emit);                  // A@1 B@2
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), x -> List.of(reply("\"ack1\"")));

            StepVerifier.create(c.outbound().flatMapIterable(batch -> batch).map(HubFixture::describe))
                    .expectNext("\"ack1\"", "A@1")
                    .then(() -> f.feed.emit("A"))
                    .expectNext("A@3")
                    .then(() -> assertThat(c.subscribe(List.of("A"), new SubscribeOptions(0, 0),
                            x -> List.of(reply("\"ack2\""))).added()).isZero())
                    // A's latest (A@3) is past the cursor, but A was subscribed already: no second copy.
                    .expectNext("\"ack2\"")
                    .then(() -> assertThat(c.subscribe(List.of("A", "B"), new SubscribeOptions(1, 0),
                            x -> List.of(reply("\"ack3\""))).added()).isEqualTo(1))
                    .expectNext("\"ack3\"", "B@2")
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void aCursorIsAFloorEvenAboveTheHubsLatestSeqNoQuoteUpToItIsSent() {
            HubFixture f = new HubFixture("A", "B");
            List.of("A", "B").forEach(f.feed::emit);                  // A@1 B@2
            ClientSession c = f.connect();
            // A cursor from a node that is two quotes ahead of this hub.
            c.subscribe(List.of("A", "B"), new SubscribeOptions(4, 0), x -> List.of(reply("\"ack\"")));
            StepVerifier.create(c.outbound().flatMapIterable(batch -> batch).map(HubFixture::describe))
                    .expectNext("\"ack\"")
                    .then(() -> List.of("A", "B", "A").forEach(f.feed::emit))  // A@3 B@4, then A@5 past the cursor
                    .expectNext("A@5")
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void unknownSymbolsAreReportedWhileKnownOnesAreSubscribed() {
            HubFixture f = new HubFixture("A", "B");
            SubscribeResult r = f.connect().subscribe(List.of("A", "XYZ", "B", "Q"), x -> List.of());
            assertThat(r.accepted()).containsExactly("A", "B");
            assertThat(r.unknown()).containsExactly("XYZ", "Q");
            assertThat(r.added()).isEqualTo(2);
            assertThat(f.hub.subscriptions()).isEqualTo(2);
        }

        @Test
        void aRequestOverTheLimitSubscribesNothing() {
            HubFixture f = new HubFixture(new HubSettings(3, 256), "A", "B", "C", "D");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("A", "B"), r -> List.of()).limitExceeded()).isFalse();
            // Subscribing twice is harmless and does not count against the limit.
            assertThat(c.subscribe(List.of("A", "B", "C"), r -> List.of()).added()).isEqualTo(1);
            SubscribeResult over = c.subscribe(List.of("D"), r -> List.of());
            assertThat(over.limitExceeded()).isTrue();
            assertThat(over.added()).isZero();
            assertThat(c.subscribe(List.of("*"), r -> List.of()).limitExceeded()).isTrue();
            assertThat(c.subscriptions()).isEqualTo(3);
        }

        @Test
        void theWildcardSubscribesEverySymbolWithItsSnapshot() {
            HubFixture f = new HubFixture("A", "B", "C");
            f.feed.emit("C");
            f.feed.emit("A");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("*"), r -> List.of()).added()).isEqualTo(3);
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .expectNext(List.of("C@1", "A@2"))
                    .then(() -> f.feed.emit("B"))
                    .expectNext(List.of("B@3"))
                    .then(() -> c.unsubscribe(List.of("*")))
                    .then(() -> f.feed.emit("B"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(f.hub.subscriptions()).isZero();
        }

        @Test
        void afterUnsubscribeNothingOfThatSymbolIsSentNotEvenWhatWasPending() {
            HubFixture f = new HubFixture("A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B"), r -> List.of());
            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> {
                        f.feed.emit("A");
                        f.feed.emit("B");
                        assertThat(c.unsubscribe(List.of("B"))).isEqualTo(1);
                        c.reply(reply("{\"unsubscribed\":\"B\"}"));
                        f.feed.emit("B");
                        f.feed.emit("A");
                    })
                    .thenRequest(10)
                    .expectNext(List.of("{\"unsubscribed\":\"B\"}", "A@4"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(f.hub.subscriptions()).isEqualTo(1);
        }
    }

    @Nested
    class Stopping {

        @Test
        void aClientConnectingAfterStopIsToldToGoAwayAtOnce() {
            HubFixture f = new HubFixture("A");
            f.hub.stop();
            ClientSession late = f.connect();
            assertThat(late.closeReason()).isEqualTo(CloseReason.SERVER_SHUTDOWN);
            StepVerifier.create(late.outbound()).verifyComplete();
            assertThat(f.hub.connections(Transport.WS)).isZero();
        }

        @Test
        void stoppingTheHubEndsEveryClientStreamAsAShutdown() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            StepVerifier.create(c.outbound())
                    .then(f.hub::stop)
                    .verifyComplete();
            assertThat(c.closeReason()).isEqualTo(CloseReason.SERVER_SHUTDOWN);
            assertThat(f.hub.connections(Transport.WS)).isZero();
            assertThat(f.hub.subscriptions()).isZero();
        }
    }
}
