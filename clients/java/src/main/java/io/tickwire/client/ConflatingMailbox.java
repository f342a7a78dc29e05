package io.tickwire.client;

import io.tickwire.feed.Quote;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Between the network and the application: at most one pending quote per symbol. A quote that
 * arrives while an older one of its symbol still waits replaces it in place (level-1 quotes are
 * state: the newest one is all a reader needs), so a slow reader costs at most one quote per
 * subscribed symbol and never slows the link. Symbols leave in the order they first became
 * pending, so a busy symbol does not starve a quiet one. Quotes are handed over only on demand.
 */
final class ConflatingMailbox {

    /** Guarded by itself. */
    private final Map<String, Quote> pending = new LinkedHashMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile FluxSink<Quote> sink;
    private volatile Throwable failure;

    /**
     * The quotes, on demand; {@code onStart} runs when it is subscribed, {@code onEnd} when it is
     * cancelled or has ended with {@link #fail}.
     */
    Flux<Quote> flux(Runnable onStart, Runnable onEnd) {
        // ERROR, not BUFFER: the drain never emits past demand, and the sink must not hold a queue of its own.
        return Flux.create(s -> {
            s.onRequest(n -> drain());
            s.onDispose(onEnd::run);
            sink = s;
            onStart.run();
            drain();
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** Takes {@code quote}, replacing the pending one of its symbol if there is one. */
    void offer(Quote quote) {
        synchronized (pending) {
            pending.put(quote.symbol(), quote);
        }
        drain();
    }

    /** Ends the flux with {@code error} at once; what is pending is dropped. */
    void fail(Throwable error) {
        failure = error;
        drain();
    }

    /** How many quotes wait for the reader: at most the number of symbols. */
    int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    private Quote poll() {
        synchronized (pending) {
            Iterator<Quote> it = pending.values().iterator();
            if (!it.hasNext()) {
                return null;
            }
            Quote q = it.next();
            it.remove();
            return q;
        }
    }

    /** One thread at a time hands quotes over, as many as were requested; others leave it a note. */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            FluxSink<Quote> s = sink;
            if (s != null && !s.isCancelled()) {
                Throwable e = failure;
                if (e != null) {
                    synchronized (pending) {
                        pending.clear();
                    }
                    s.error(e);
                    sink = null;
                }
                else {
                    while (s.requestedFromDownstream() > 0) {
                        Quote q = poll();
                        if (q == null) {
                            break;
                        }
                        s.next(q);
                    }
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }
}
