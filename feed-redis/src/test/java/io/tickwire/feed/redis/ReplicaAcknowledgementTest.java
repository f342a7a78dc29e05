package io.tickwire.feed.redis;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher that counts a call as published only once a replica holds it
 * ({@link WaitForReplicas}, {@code WAIT}), against a real primary and its real replica.
 */
class ReplicaAcknowledgementTest {

    private static final Duration TIMEOUT = PATIENCE;
    private static final List<Instrument> SYMBOLS = List.of(Instrument.equity("ACKA", "Ack A"),
            Instrument.equity("ACKB", "Ack B"));

    @TempDir
    Path dir;
    RedisServer primary;
    RedisServer replica;
    RedisQuotePublisher publisher;

    @BeforeEach
    void start() {
        primary = RedisServer.start(dir.resolve("primary"));
        replica = RedisServer.startReplicaOf(dir.resolve("replica"), primary.port());
        replica.awaitInSync();
        primary.awaitOnlineReplicas(1);
        publisher = new RedisQuotePublisher(RedisURI.create(primary.url()), 1_000_000,
                new WaitForReplicas(1, Duration.ofSeconds(2)));
        publisher.install().then(publisher.define(SYMBOLS)).block(TIMEOUT);
    }

    @AfterEach
    void stop() {
        publisher.close();
        replica.close();
        primary.close();
    }

    static List<Quote> quotes(int n) {
        return IntStream.range(0, n).mapToObj(i -> RedisBackplaneTest.quote(SYMBOLS.get(i % 2).symbol(), i)).toList();
    }

    @Test
    void aCallIsAcknowledgedOnlyOnceTheReplicaHoldsIt() {
        List<Long> seqs = publisher.publish(quotes(100)).block(TIMEOUT);
        // Acknowledged: the replica already has its entry, whose id is the call's last seq.
        assertThat(replica.call("XRANGE", "tickwire:quotes", seqs.get(99) + "-0", seqs.get(99) + "-0"))
                .asList().hasSize(1);
        assertThat(publisher.published()).isEqualTo(100);
        assertThat(publisher.unreplicated()).isZero();
    }

    @Test
    void aCallNoReplicaAcknowledgesInTimeFailsAsNotReplicatedThoughThePrimaryPublishedIt() {
        replica.call("REPLICAOF", "NO", "ONE");
        assertThatThrownBy(() -> publisher.publish(quotes(10)).block(TIMEOUT))
                .isInstanceOfSatisfying(NotReplicatedException.class, e -> {
                    assertThat(e.replicas()).isZero();
                    assertThat(e.seqs()).hasSize(10);
                    assertThat(e).hasMessageContaining("0 of the 1 replica(s)").hasMessageContaining("2000 ms");
                    assertThat(primary.call("XRANGE", "tickwire:quotes", e.seqs().get(9) + "-0",
                            e.seqs().get(9) + "-0")).asList().hasSize(1);
                });
        assertThat(publisher.unreplicated()).isEqualTo(10);
        assertThat(publisher.failed()).isZero();
        assertThat(publisher.published()).isZero();
    }

    @Test
    void waitingForReplicasNeedsATimeoutBetweenZeroAndAMinute() {
        assertThat(WaitForReplicas.NONE.waits()).isFalse();
        assertThatThrownBy(() -> new WaitForReplicas(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait-replicas");
        assertThatThrownBy(() -> new WaitForReplicas(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait-timeout");
        assertThatThrownBy(() -> new WaitForReplicas(1, Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait-timeout");
    }
}
