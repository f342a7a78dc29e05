package io.tickwire.system.support;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.client.ClientEvent;
import io.tickwire.client.ConnectionState;
import io.tickwire.client.TickwireClient;
import io.tickwire.feed.Quote;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;

/**
 * What an application using {@link TickwireClient} sees: every quote it was handed, every event,
 * and the error that ended its stream, if one did.
 */
public final class AppRecorder implements AutoCloseable {

    public static final Duration TIMEOUT = PATIENCE;

    public final List<Quote> quotes = new CopyOnWriteArrayList<>();
    public final List<ClientEvent> events = new CopyOnWriteArrayList<>();
    public final AtomicReference<Throwable> error = new AtomicReference<>();
    private final Disposable eventSubscription;
    private final Disposable quoteSubscription;

    /** When the last quote was handed over ({@link System#nanoTime()}). */
    private volatile long lastQuoteNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /** Subscribes to {@code client}'s events, then to the quotes of {@code symbols}. */
    public AppRecorder(TickwireClient client, String... symbols) {
        eventSubscription = client.events().subscribe(events::add);
        quoteSubscription = client.quotes(symbols).subscribe(q -> {
            quotes.add(q);
            lastQuoteNanos = System.nanoTime();
        }, error::set);
    }

    /** How many times the stream reached {@code state}. */
    public long times(ConnectionState state) {
        return states().stream().filter(s -> s.state() == state).count();
    }

    public List<ClientEvent.StateChanged> states() {
        return events.stream().filter(ClientEvent.StateChanged.class::isInstance)
                .map(ClientEvent.StateChanged.class::cast).toList();
    }

    public void awaitLive(long times) {
        await().atMost(TIMEOUT).until(() -> times(ConnectionState.LIVE) >= times);
    }

    /** Waits until the quote with {@code seq} has been handed over. */
    public void awaitSeq(long seq) {
        await().atMost(TIMEOUT).until(() -> quotes.stream().anyMatch(q -> q.seq() == seq));
    }

    /** The seq of the last quote handed over for each symbol. */
    public Map<String, Long> latest() {
        Map<String, Long> out = new HashMap<>();
        quotes.forEach(q -> out.put(q.symbol(), q.seq()));
        return out;
    }

    /** No symbol was ever handed a quote at or below one it already had: no duplicate, nothing stale. */
    public void assertEachSymbolsSeqsRise() {
        Map<String, Long> last = new HashMap<>();
        for (Quote q : quotes) {
            Long before = last.put(q.symbol(), q.seq());
            assertThat(before == null || q.seq() > before)
                    .as("%s seq %d after %d", q.symbol(), q.seq(), before).isTrue();
        }
    }

    /** Whether a quote was handed over after {@code nanos} ({@link System#nanoTime()}). */
    public boolean quotedSince(long nanos) {
        return lastQuoteNanos - nanos > 0;
    }

    public void cancel() {
        quoteSubscription.dispose();
    }

    @Override
    public void close() {
        quoteSubscription.dispose();
        eventSubscription.dispose();
    }
}
