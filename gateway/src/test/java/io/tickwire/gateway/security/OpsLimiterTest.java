package io.tickwire.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tickwire.gateway.security.OpsLimiter.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-connection request rate on a clock of its own: bursts, refill and the close, in counts. */
class OpsLimiterTest {

    private final AtomicLong now = new AtomicLong(123_456_789L);

    private List<Verdict> take(OpsLimiter limiter, int n) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            verdicts.add(limiter.next());
        }
        return verdicts;
    }

    @Test
    void aFullBucketTakesItsBurstThenRefusesThenCloses() {
        OpsLimiter limiter = new OpsLimiter(10, 20, 5, now::get);

        List<Verdict> verdicts = take(limiter, 30);

        assertThat(verdicts.subList(0, 20)).containsOnly(Verdict.GO);
        assertThat(verdicts.subList(20, 25)).containsOnly(Verdict.REFUSE);
        assertThat(verdicts.subList(25, 30)).containsOnly(Verdict.CLOSE);
    }

    @Test
    void theBucketRefillsAtTheRateAndNeverAboveItsBurst() {
        OpsLimiter limiter = new OpsLimiter(10, 20, 50, now::get);
        assertThat(take(limiter, 20)).containsOnly(Verdict.GO);
        assertThat(limiter.next()).isEqualTo(Verdict.REFUSE);

        now.addAndGet(300_000_000L); // 0.3 s at 10/s: three more
        assertThat(take(limiter, 4)).containsExactly(Verdict.GO, Verdict.GO, Verdict.GO, Verdict.REFUSE);

        now.addAndGet(3_600_000_000_000L); // an hour idle: full again, but only to its burst
        List<Verdict> afterIdle = take(limiter, 21);
        assertThat(afterIdle.subList(0, 20)).containsOnly(Verdict.GO);
        assertThat(afterIdle.get(20)).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void aSteadyClientAtItsRateIsNeverRefused() {
        OpsLimiter limiter = new OpsLimiter(10, 1, 1, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.next()).as("request %d", i).isEqualTo(Verdict.GO);
            now.addAndGet(100_000_000L);
        }
    }

    @Test
    void refusalsRefillTooSoAnOccasionalBurstIsNeverClosed() {
        OpsLimiter limiter = new OpsLimiter(10, 2, 3, now::get);
        for (int round = 0; round < 50; round++) {
            assertThat(take(limiter, 5)).as("round %d", round)
                    .containsExactly(Verdict.GO, Verdict.GO, Verdict.REFUSE, Verdict.REFUSE, Verdict.REFUSE);
            now.addAndGet(1_000_000_000L);
        }
    }

    @Test
    void zeroOrNegativeSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OpsLimiter(0, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpsLimiter(1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new OpsLimiter(1, 1, -1));
    }
}
