package io.tickwire.gateway.support;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.Quote;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.feed.Timestamps;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A feed the test drives by hand: {@link #emit} publishes on the calling thread, so when it
 * returns the hub has taken the quote in (snapshot set, offered to every subscriber).
 */
public final class ManualQuoteFeed implements QuoteFeed {

    private final List<Instrument> instruments;
    private final Sinks.Many<FeedEvent> sink = Sinks.many().multicast().directAllOrNothing();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger subscriptions = new AtomicInteger();

    /** A feed carrying equities named so ({@link #info}). */
    public ManualQuoteFeed(String... symbols) {
        this(Arrays.stream(symbols).map(ManualQuoteFeed::info).toList());
    }

    /** A feed carrying these instruments. */
    public ManualQuoteFeed(List<Instrument> instruments) {
        this.instruments = List.copyOf(instruments);
    }

    @Override
    public List<Instrument> instruments() {
        return instruments;
    }

    @Override
    public Flux<FeedEvent> events() {
        return sink.asFlux().doOnSubscribe(s -> subscriptions.incrementAndGet());
    }

    /** Publishes a quote of {@code symbol} with the next seq; returns it. */
    public Quote emit(String symbol) {
        long s = seq.incrementAndGet();
        Quote q = quote(symbol, s);
        emit(q);
        return q;
    }

    /** Publishes {@code q} as is (to test what the hub does with odd quotes). */
    public void emit(Quote q) {
        send(q);
    }

    /** Announces equities the feed did not carry at start; returns when the hub has taken them in. */
    public void announce(String... symbols) {
        define(Arrays.stream(symbols).map(ManualQuoteFeed::info).toArray(Instrument[]::new));
    }

    /** Defines instruments, new or changed; returns when the hub has taken them in. */
    public void define(Instrument... instruments) {
        send(new InstrumentsDefined(List.of(instruments)));
    }

    /** Sends any event as is: a snapshot, say. */
    public void send(FeedEvent event) {
        Sinks.EmitResult r = sink.tryEmitNext(event);
        if (r.isFailure()) {
            throw new IllegalStateException("emit failed: " + r);
        }
    }

    /** The next seq {@link #emit(String)} will stamp is {@code seq + 1}. */
    public void skipTo(long seq) {
        this.seq.set(seq);
    }

    public static Instrument info(String symbol) {
        return Instrument.equity(symbol, symbol + " Corp.");
    }

    /** Ends the feed with an error, as a broken connection to a remote feed would. */
    public void fail(RuntimeException e) {
        sink.tryEmitError(e);
    }

    public long lastSeq() {
        return seq.get();
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    /** A valid quote whose prices derive from {@code seq}, so tests can tell quotes apart. */
    public static Quote quote(String symbol, long seq) {
        double bid = 100 + (seq % 1000) / 100.0;
        return new Quote(symbol, seq, Timestamps.nowMicros(), bid, bid + 0.01, bid, 100, 200, 100, 1000 + seq, 100.0);
    }
}
