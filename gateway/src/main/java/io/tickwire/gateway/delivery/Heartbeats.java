package io.tickwire.gateway.delivery;

import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.wire.Heartbeat;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Heartbeats (PROTOCOL.md §2) for streaming clients that have had nothing sent for the interval,
 * so they can tell a quiet market from a dead link. Every interval / {@value #LOOKS} a round looks
 * at each mailbox; one that has sent no batch for {@value #LOOKS} looks in a row gets the round's
 * heartbeat, one object shared by every idle client. So the gap before a heartbeat is between 1
 * and 1.25 intervals, and a stalled client has at most one waiting.
 */
public final class Heartbeats {

    /** Idle looks before a heartbeat. */
    public static final int LOOKS = 4;

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private Heartbeats() {
    }

    /**
     * Starts the rounds on {@code clock}'s scheduler; dispose the result to stop them.
     *
     * @param latestSeq the feed's latest {@code seq}, which each heartbeat carries
     * @param streaming calls its argument with every mailbox of a streaming client
     */
    public static Disposable start(DeliveryClock clock, Duration interval, LongSupplier latestSeq,
                                   Consumer<Consumer<Mailbox>> streaming) {
        long look = Math.max(1, interval.toNanos() / LOOKS);
        return clock.scheduler().schedulePeriodically(() -> round(latestSeq, streaming), look, look,
                TimeUnit.NANOSECONDS);
    }

    private static void round(LongSupplier latestSeq, Consumer<Consumer<Mailbox>> streaming) {
        try {
            Heartbeat beat = Heartbeat.of(Timestamps.nowMicros(), latestSeq.getAsLong());
            streaming.accept(mailbox -> look(mailbox, beat));
        }
        catch (RuntimeException e) {
            // A periodic task that throws is never run again: heartbeats must survive any one client.
            log.error("Heartbeat round failed", e);
        }
    }

    /** One look at {@code mailbox}: the round's heartbeat for it if it has been idle for {@value #LOOKS} looks. */
    static void look(Mailbox mailbox, Heartbeat beat) {
        if (mailbox.idleThroughLook()) {
            mailbox.heartbeat(beat);
        }
    }

    /** One mailbox's idle looks: whether it sent anything between two looks. Written by the rounds only. */
    static final class Watch {

        private long batchesAtLastLook = -1;
        private int idleLooks;

        /** A look, with {@code batchesSent} so far: true when it is the {@value #LOOKS}th idle one in a row (the count starts again). */
        boolean idleAfter(long batchesSent) {
            if (batchesSent != batchesAtLastLook) {
                batchesAtLastLook = batchesSent;
                idleLooks = 0;
                return false;
            }
            if (++idleLooks >= LOOKS) {
                idleLooks = 0;
                return true;
            }
            return false;
        }
    }
}
