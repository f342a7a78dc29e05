package io.tickwire.gateway.hub;

import static io.tickwire.gateway.hub.HubFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A subscribe with a resume cursor ({@code since}) instead of the full snapshot. The stream is read
 * message by message: how replies and quotes are split into batches is not the point here.
 */
class ResumeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static SubscribeOptions since(long cursor) {
        return new SubscribeOptions(cursor, 0);
    }

    private static Flux<String> messages(ClientSession c) {
        return c.outbound().flatMapIterable(batch -> batch).map(HubFixture::describe);
    }

    @Test
    void aResumeSendsTheLatestQuoteOnlyOfSymbolsThatMovedPastTheCursorThenLiveQuotes() {
        HubFixture f = new HubFixture("A", "B", "C", "D");
        List.of("A", "B", "C", "A", "D").forEach(f.feed::emit);   // A@1 B@2 C@3 A@4 D@5
        ClientSession c = f.connect();
        SubscribeResult r = c.subscribe(List.of("A", "B", "C"), since(2), x -> List.of(reply("\"ack\"")));
        assertThat(r.added()).isEqualTo(3);

        StepVerifier.create(messages(c))
                // B@2 is at the cursor: the client has it. A@1 was superseded by A@4. D is not subscribed.
                .expectNext("\"ack\"", "C@3", "A@4")
                .then(() -> f.feed.emit("B"))
                .expectNext("B@6")
                .then(() -> f.feed.emit("D"))
                .then(() -> f.feed.emit("A"))
                .expectNext("A@8")
                .expectNoEvent(Duration.ZERO)
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void aCursorAtTheHubsLatestSeqSendsNothingButLiveQuotes() {
        HubFixture f = new HubFixture("A", "B");
        List.of("A", "B").forEach(f.feed::emit);
        ClientSession c = f.connect();
        c.subscribe(List.of("A", "B"), since(f.hub.latestSeq()), x -> List.of(reply("\"ack\"")));

        StepVerifier.create(messages(c))
                .expectNext("\"ack\"")
                .expectNoEvent(Duration.ZERO)
                .then(() -> f.feed.emit("A"))
                .expectNext("A@3")
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void aCursorAboveTheHubsLatestSeqComesFromAnotherFeedEpochAndGetsTheFullSnapshot() {
        HubFixture f = new HubFixture("A", "B", "C");
        List.of("B", "A").forEach(f.feed::emit);                  // B@1 A@2; C has had no quote
        ClientSession c = f.connect();
        c.subscribe(List.of("A", "B", "C"), since(100), x -> List.of(reply("\"ack\"")));

        StepVerifier.create(messages(c))
                .expectNext("\"ack\"", "B@1", "A@2")
                .then(() -> f.feed.emit("C"))
                .expectNext("C@3")
                .thenCancel()
                .verify(TIMEOUT);
    }

    @Test
    void aResumeForAnAlreadySubscribedSymbolSendsNothingExtra() {
        HubFixture f = new HubFixture("A", "B");
        List.of("A", "B").forEach(f.feed::emit);                  // A@1 B@2
        ClientSession c = f.connect();
        c.subscribe(List.of("A"), x -> List.of(reply("\"ack1\"")));

        StepVerifier.create(messages(c))
                .expectNext("\"ack1\"", "A@1")
                .then(() -> f.feed.emit("A"))
                .expectNext("A@3")
                .then(() -> assertThat(c.subscribe(List.of("A"), since(0), x -> List.of(reply("\"ack2\"")))
                        .added()).isZero())
                // A's latest (A@3) is past the cursor, but A was subscribed already: no second copy.
                .expectNext("\"ack2\"")
                .then(() -> assertThat(c.subscribe(List.of("A", "B"), since(1), x -> List.of(reply("\"ack3\"")))
                        .added()).isEqualTo(1))
                .expectNext("\"ack3\"", "B@2")
                .expectNoEvent(Duration.ZERO)
                .thenCancel()
                .verify(TIMEOUT);
    }
}
