package io.tickwire.gateway.hub;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.delivery.DeliveryClock;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.QuoteJson;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's side of the hub: each {@link FeedEvent}, on the feed's thread, made into the
 * {@link SymbolTable}'s state and offered to the subscribers. Instruments are defined or changed;
 * a quote is checked and encoded once at its instrument's precision, kept as its symbol's
 * snapshot and fanned out; a {@link FeedSnapshot} brings every symbol up to date.
 *
 * <p>What it cannot use it counts, and never lets one bad quote end the feed for everyone: a
 * symbol the feed did not define, a {@code seq} not newer than the symbol's latest (a replay after
 * a reconnect), a price or size not at the instrument's precision (said in the log at most once a
 * minute, so a bad feed cannot flood it).
 *
 * <p>One writer (the feed's thread); the seqs and the time of the last quote are read from any.
 */
final class FeedIntake {

    private static final Logger log = LoggerFactory.getLogger(FeedIntake.class);
    private static final long IMPRECISE_WARNING_INTERVAL = Duration.ofMinutes(1).toNanos();

    private final SymbolTable table;
    private final HubMeters meters;
    private final DeliveryClock clock;
    private final QuoteListener listener;
    private final QuoteJson encoder = new QuoteJson();
    private volatile long latestSeq;
    private volatile long acceptedSeq;
    /** {@link DeliveryClock#now()} of the last quote accepted, or of this intake's creation. */
    private volatile long lastQuoteNanos;
    /** {@link DeliveryClock#now()} of the last warning of an imprecise quote; 0 before any. */
    private long lastImpreciseWarning;

    FeedIntake(SymbolTable table, HubMeters meters, DeliveryClock clock, QuoteListener listener) {
        this.table = table;
        this.meters = meters;
        this.clock = clock;
        this.listener = listener;
        this.lastQuoteNanos = clock.now();
    }

    /** See {@link QuoteHub#latestSeq()}. */
    long latestSeq() {
        return latestSeq;
    }

    /** See {@link QuoteHub#acceptedSeq()}. */
    long acceptedSeq() {
        return acceptedSeq;
    }

    long lastQuoteNanos() {
        return lastQuoteNanos;
    }

    void onEvent(FeedEvent event) {
        if (event instanceof Quote q) {
            publish(q);
        }
        else if (event instanceof InstrumentsDefined d) {
            define(d.instruments());
        }
        else if (event instanceof FeedSnapshot s) {
            define(s.instruments());
            s.latest().stream().mapToLong(Quote::ts).max().ifPresent(listener::rejoined);
            // Oldest first: a client gets them in seq order, all newer than anything it had before the gap.
            s.latest().stream().sorted(Comparator.comparingLong(Quote::seq)).forEach(this::publish);
            if (s.position() > acceptedSeq) {
                acceptedSeq = s.position();
                latestSeq = s.position();
            }
        }
    }

    private void define(List<Instrument> instruments) {
        int added = table.define(instruments);
        if (added > 0) {
            log.info("Feed defined {} new instrument(s); {} carried now", added, table.instruments().size());
        }
    }

    /** Offers one quote from the feed to the snapshot and every subscriber. */
    private void publish(Quote q) {
        try {
            SymbolChannel ch = table.get(q.symbol());
            if (ch == null) {
                meters.rejectedUnknownSymbol().increment();
                return;
            }
            EncodedQuote last = ch.latest();
            if (last != null && q.seq() <= last.seq()) {
                meters.rejectedStale().increment();
                return;
            }
            Instrument instrument = ch.instrument();
            byte[] json = encoder.encode(q, instrument);
            if (json == null) {
                refuseImprecise(q, instrument);
                return;
            }
            meters.feedQuotes().increment();
            lastQuoteNanos = clock.now();
            // Before the fan-out: a client may hold this seq (and resume from it) before the fan-out ends.
            acceptedSeq = Math.max(acceptedSeq, q.seq());
            ch.publish(new EncodedQuote(q, json));
            // After the fan-out: whoever reads latestSeq = N finds every quote up to N in the snapshot and the mailboxes.
            latestSeq = Math.max(latestSeq, q.seq());
            listener.accepted(q);
        }
        catch (RuntimeException e) {
            // One bad quote must not cancel the feed subscription for everyone.
            log.error("Could not publish {}", q, e);
        }
    }

    private void refuseImprecise(Quote q, Instrument instrument) {
        meters.rejectedImprecise().increment();
        long now = clock.now();
        if (lastImpreciseWarning == 0 || now - lastImpreciseWarning > IMPRECISE_WARNING_INTERVAL) {
            lastImpreciseWarning = now;
            log.warn("Feed quote refused: {}; counted in tickwire_feed_quotes_rejected_total{{reason=\"imprecise\"}},"
                    + " said here once a minute at most", instrument.refusal(q));
        }
    }
}
