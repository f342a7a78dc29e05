package io.tickwire.feed.simulator;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.Quote;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Timestamps;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * An in-process market: {@link QuoteGenerator} paced to {@link FeedConfig#rate()} quotes per second.
 *
 * <p>{@link #quotes()} is cold: every subscription gets its own market starting at
 * {@link FeedConfig#firstSeq()}, the same one for the same seed. Pacing works from the timer's
 * tick count, not from how long each tick took: every {@link FeedConfig#tickInterval()} it emits
 * the quotes that fell due since the previous tick, so the long-run rate is exact and a late
 * timer is made up at the next tick. A backlog of more than 100 ms of quotes (a paused process,
 * or a subscriber that requests less than the rate) is not replayed in a burst: it is skipped and
 * counted in {@link #skippedQuotes()}. Nothing is buffered; the {@code seq} stays gap-free.
 *
 * <p>Quotes are emitted on the simulator's scheduler, one thread ({@code tickwire-feed}) unless
 * one is given; {@link #dispose()} releases a scheduler the simulator made itself.
 */
public final class FeedSimulator implements QuoteFeed, Disposable {

    private static final double MAX_BACKLOG_SECONDS = 0.1;

    private final FeedConfig config;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final InstantSource clock;
    private final AtomicLong skipped = new AtomicLong();

    /** A real-time simulator on its own thread. */
    public FeedSimulator(FeedConfig config) {
        this(config, Schedulers.newSingle("tickwire-feed", true), InstantSource.system(), true);
    }

    /** A simulator paced by {@code scheduler} (virtual time in tests) stamping {@code ts} from {@code clock}. */
    public FeedSimulator(FeedConfig config, Scheduler scheduler, InstantSource clock) {
        this(config, scheduler, clock, false);
    }

    private FeedSimulator(FeedConfig config, Scheduler scheduler, InstantSource clock, boolean ownsScheduler) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ownsScheduler = ownsScheduler;
    }

    public FeedConfig config() {
        return config;
    }

    @Override
    public List<Instrument> instruments() {
        return config.universe().instruments();
    }

    /**
     * Quotes only: the simulator's market is fixed at construction, so it announces no symbol
     * later, and each subscriber starts its own market, so it never needs a snapshot.
     */
    @Override
    public Flux<FeedEvent> events() {
        @SuppressWarnings("unchecked")
        Flux<FeedEvent> events = (Flux<FeedEvent>) (Flux<? extends FeedEvent>) quotes();
        return events;
    }

    /** The market's quotes, as {@link #events()} without the widening. */
    public Flux<Quote> quotes() {
        return Flux.defer(() -> {
            QuoteGenerator generator = new QuoteGenerator(config.universe().profiles(), config.rate(),
                    config.zipfExponent(), config.seed(), config.firstSeq());
            Pacer pacer = new Pacer(config.rate(), config.tickInterval().toNanos() / 1e9);
            return Flux.interval(config.tickInterval(), scheduler)
                    // Dropping a timer tick loses no quote: the next tick emits what fell due meanwhile.
                    .onBackpressureDrop()
                    .concatMapIterable(tick -> due(generator, pacer.dueAt(tick)), 1);
        });
    }

    /** Quotes that fell more than 100 ms behind schedule and were skipped instead of sent in a burst. */
    public long skippedQuotes() {
        return skipped.get();
    }

    @Override
    public void dispose() {
        if (ownsScheduler) {
            scheduler.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return ownsScheduler && scheduler.isDisposed();
    }

    /** {@code n} quotes, made as they are iterated so each {@code ts} is when it was made. */
    private Iterable<Quote> due(QuoteGenerator generator, int n) {
        return () -> new Iterator<>() {
            private int left = n;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Quote next() {
                if (left <= 0) {
                    throw new NoSuchElementException();
                }
                left--;
                return generator.next(Timestamps.epochMicros(clock.instant()));
            }
        };
    }

    /** How many quotes fall due at each timer tick: {@code floor(rate * elapsed) - accounted}. */
    private final class Pacer {
        private final double rate;
        private final double tickSeconds;
        private final long maxBacklog;
        private long accounted;

        Pacer(double rate, double tickSeconds) {
            this.rate = rate;
            this.tickSeconds = tickSeconds;
            this.maxBacklog = Math.max(1, (long) Math.ceil(rate * Math.max(tickSeconds, MAX_BACKLOG_SECONDS)));
        }

        int dueAt(long tick) {
            long target = (long) Math.floor(rate * (tick + 1) * tickSeconds);
            long due = target - accounted;
            if (due > maxBacklog) {
                skipped.addAndGet(due - maxBacklog);
                due = maxBacklog;
            }
            accounted = target;
            return (int) due;
        }
    }
}
