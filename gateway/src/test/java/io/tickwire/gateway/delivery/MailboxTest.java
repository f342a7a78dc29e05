package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.HubFixture.reply;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.wire.Outbound;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/**
 * A client's {@link Mailbox}: its stream as a Reactive Streams publisher ({@link BatchPublisher}),
 * its batches and their bound, its replies and theirs, and its ordering when the drain runs on
 * its own thread.
 */
class MailboxTest {

    private static final Duration TIMEOUT = PATIENCE;

    /** Runs what it is given when told to, like an event loop that is busy elsewhere. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    /** The Reactive Streams rules, however the subscriber behaves. */
    @Nested
    class AsAPublisher {

        @Test
        void nothingIsSentAfterCancelEvenWhenCancelledFromInsideOnNext() {
            HubFixture f = new HubFixture(new HubSettings(10, 1), "A");
            ClientSession c = f.connect();
            for (int i = 0; i < 3; i++) {
                c.reply(reply("{\"n\":" + i + "}"));
            }
            AtomicInteger received = new AtomicInteger();
            c.outbound().subscribe(new Subscriber<List<Outbound>>() {
                private Subscription s;

                @Override
                public void onSubscribe(Subscription s) {
                    this.s = s;
                    s.request(10);
                }

                @Override
                public void onNext(List<Outbound> batch) {
                    received.incrementAndGet();
                    s.cancel();
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
            assertThat(received).hasValue(1);
        }

        @Test
        void noSignalOvertakesOnSubscribeNorFollowsTheTerminalOne() {
            HubFixture f = new HubFixture("A");
            ManualExecutor loop = new ManualExecutor();
            ClientSession c = f.hub.connect(Transport.WS, loop);
            c.close(CloseReason.SERVER_SHUTDOWN);
            AtomicBoolean inOnSubscribe = new AtomicBoolean();
            List<String> signals = Collections.synchronizedList(new ArrayList<>());
            c.outbound().subscribe(new Subscriber<List<Outbound>>() {
                @Override
                public void onSubscribe(Subscription s) {
                    inOnSubscribe.set(true);
                    loop.runAll();          // the drain queued by close() runs now, on "another" thread
                    inOnSubscribe.set(false);
                    s.request(1);
                }

                @Override
                public void onNext(List<Outbound> batch) {
                    signals.add("next");
                }

                @Override
                public void onError(Throwable t) {
                    signals.add("error");
                }

                @Override
                public void onComplete() {
                    signals.add(inOnSubscribe.get() ? "complete inside onSubscribe" : "complete");
                }
            });
            loop.runAll();
            c.reply(reply("{\"late\":true}"));
            loop.runAll();
            assertThat(signals).containsExactly("complete");
        }

        @Test
        void aNonPositiveRequestEndsTheStreamWithAnError() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            List<Throwable> errors = new ArrayList<>();
            c.outbound().subscribe(new Subscriber<List<Outbound>>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(0);
                }

                @Override
                public void onNext(List<Outbound> batch) {
                }

                @Override
                public void onError(Throwable t) {
                    errors.add(t);
                }

                @Override
                public void onComplete() {
                }
            });
            assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
            assertThat(c.closeReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
        }
    }

    @Nested
    class BatchesAndReplies {

        @Test
        void aBatchHoldsAtMostMaxBatchMessages() {
            HubFixture f = new HubFixture(new HubSettings(100, 2), "A", "B", "C", "D", "E");
            ClientSession c = f.connect();
            c.subscribe(List.of("*"), r -> List.of(reply("{\"ack\":1}")));
            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> List.of("A", "B", "C", "D", "E").forEach(f.feed::emit))
                    .thenRequest(4)
                    .expectNext(List.of("{\"ack\":1}", "A@1"), List.of("B@2", "C@3"), List.of("D@4", "E@5"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void lentBatchesCarryTheSameMessagesInOneListThatIsEmptiedAfterEachOnNext() {
            HubFixture f = new HubFixture(new HubSettings(100, 2), "A", "B", "C", "D", "E");
            ClientSession c = f.connect();
            c.subscribe(List.of("*"), r -> List.of(reply("{\"ack\":1}")));
            List<List<String>> seen = new ArrayList<>();
            List<List<Outbound>> lent = new ArrayList<>();
            BaseSubscriber<List<Outbound>> writer = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    // no demand yet: the quotes wait, to be taken two to a batch
                }

                @Override
                protected void hookOnNext(List<Outbound> batch) {
                    seen.add(HubFixture.describe(batch));
                    lent.add(batch);
                }
            };
            c.lentOutbound().subscribe(writer);
            List.of("A", "B", "C", "D", "E").forEach(f.feed::emit);
            writer.request(3);
            assertThat(seen).containsExactly(List.of("{\"ack\":1}", "A@1"), List.of("B@2", "C@3"), List.of("D@4", "E@5"));
            assertThat(lent).allSatisfy(batch -> assertThat(batch).isSameAs(lent.get(0)).isEmpty());
            writer.dispose();
        }

        @Test
        void repliesStopBeingAcceptedUntilTheClientReadsThem() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            for (int i = 0; i < ReplyQueue.LIMIT; i++) {
                c.reply(reply("{\"n\":" + i + "}"));
            }
            // No room now: the Mono has not completed on subscription (it completes only once the client reads).
            StepVerifier.create(c.replyRoom()).expectSubscription().expectNoEvent(Duration.ZERO).thenCancel()
                    .verify(TIMEOUT);
            StepVerifier.create(c.outbound(), 0)
                    .then(() -> StepVerifier.create(c.replyRoom()).expectSubscription().expectNoEvent(Duration.ZERO)
                            .thenCancel().verify(TIMEOUT))
                    .thenRequest(1)
                    .assertNext(batch -> assertThat(batch).hasSize(ReplyQueue.LIMIT))
                    .then(() -> StepVerifier.create(c.replyRoom()).verifyComplete())
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void acksAndUnsubscribesKeepTheirOrderWhenTheDrainRunsOnAnotherThread() throws Exception {
            HubFixture f = new HubFixture("A", "B");
            ExecutorService drainThread = Executors.newSingleThreadExecutor();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread feedThread = new Thread(() -> {
                while (running.get()) {
                    f.feed.emit("A");
                    f.feed.emit("B");
                }
            });
            try {
                feedThread.start();
                for (int round = 0; round < 500; round++) {
                    ClientSession c = f.hub.connect(Transport.WS, drainThread);
                    List<String> seen = new ArrayList<>();
                    CountDownLatch bAfterUnack = new CountDownLatch(1);
                    c.outbound().subscribe(new BaseSubscriber<List<Outbound>>() {
                        @Override
                        protected void hookOnNext(List<Outbound> batch) {
                            // One drain thread: no lock needed until the test thread reads after the latch.
                            batch.forEach(m -> seen.add(HubFixture.describe(m)));
                            int unack = seen.indexOf("\"unackA\"");
                            if (unack >= 0 && seen.subList(unack, seen.size()).stream().anyMatch(s -> s.startsWith("B@"))) {
                                bAfterUnack.countDown();
                            }
                        }
                    });
                    c.subscribe(List.of("A"), r -> List.of(reply("\"ackA\"")));
                    c.subscribe(List.of("B"), r -> List.of(reply("\"ackB\"")));
                    c.unsubscribe(List.of("A"));
                    c.reply(reply("\"unackA\""));
                    assertThat(bAfterUnack.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("round %d", round).isTrue();
                    c.close(CloseReason.CLIENT_CLOSED);

                    int ackA = seen.indexOf("\"ackA\"");
                    int ackB = seen.indexOf("\"ackB\"");
                    int unackA = seen.indexOf("\"unackA\"");
                    for (int i = 0; i < seen.size(); i++) {
                        String m = seen.get(i);
                        if (m.startsWith("A@")) {
                            assertThat(i).as("round %d: %s after ackA and before unackA in %s", round, m, seen)
                                    .isGreaterThan(ackA).isLessThan(unackA);
                        }
                        if (m.startsWith("B@")) {
                            assertThat(i).as("round %d: %s after ackB in %s", round, m, seen).isGreaterThan(ackB);
                        }
                    }
                }
            }
            finally {
                running.set(false);
                feedThread.join();
                drainThread.shutdown();
            }
            assertThat(f.hub.subscriptions()).isZero();
            assertThat(f.hub.connections(Transport.WS)).isZero();
        }
    }
}
