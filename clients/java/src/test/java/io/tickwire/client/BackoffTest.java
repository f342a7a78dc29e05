package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void everyDelayLiesBetweenHalfAndAllOfItsCeilingWhichDoublesUpToTheMax() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(MIN, MAX, random::nextDouble);
        for (int attempt = 0; attempt < 80; attempt++) {
            long ceiling = Math.min(MAX.toNanos(), MIN.toNanos() * (1L << Math.min(attempt, 20)));
            assertThat(backoff.ceiling(attempt)).as("ceiling of attempt %d", attempt).isEqualTo(ceiling);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt).toNanos()).as("attempt %d", attempt)
                        .isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void theExtremesOfTheRandomGiveTheBoundsExactly() {
        assertThat(new Backoff(MIN, MAX, () -> 0.0).delay(0)).isEqualTo(MIN.dividedBy(2));
        assertThat(new Backoff(MIN, MAX, () -> 0.0).delay(3)).isEqualTo(MIN.multipliedBy(8).dividedBy(2));
        assertThat(new Backoff(MIN, MAX, () -> Math.nextDown(1.0)).delay(200).toNanos())
                .isBetween(MAX.toNanos() - 1_000, MAX.toNanos());
    }

    @Test
    void clientsThatLostTheSameNodeDoNotAllComeBackAtTheSameInstant() {
        Backoff backoff = new Backoff(MIN, MAX);
        Set<Duration> delays = new HashSet<>();
        for (int client = 0; client < 100; client++) {
            delays.add(backoff.delay(2));
        }
        assertThat(delays).hasSizeGreaterThan(50);
    }

    @Test
    void aMinAboveTheMaxOrNotPositiveIsRefused() {
        assertThatThrownBy(() -> new Backoff(MAX, MIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < min <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX)).isInstanceOf(IllegalArgumentException.class);
    }
}
