package io.tickwire.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.security.Admissions;
import io.tickwire.gateway.security.Revocations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps this node's {@link Revocations} the store's: read whole at start, then, where other nodes
 * change the list too (Redis), its version read every {@code every} and the list again when it
 * moved; a subject newly revoked has its streams on this node closed. Revocations past their
 * retention are dropped from the store as they are met. A store that cannot be reached is tried
 * again at the next tick, said at most once a minute.
 */
public final class RevocationSync {

    private static final Logger log = LoggerFactory.getLogger(RevocationSync.class);
    private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();

    private final RevocationStore store;
    private final Revocations revocations;
    private final Admissions admissions;
    private final Counter closed;
    private final Duration every;
    private final AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong saidAt = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private Disposable following;

    /**
     * @param closed streams this node closed for a revocation
     * @param every  how often the store's version is read; {@code null} where only this node changes the list
     */
    public RevocationSync(RevocationStore store, Revocations revocations, Admissions admissions, Counter closed,
                          Duration every) {
        this.store = store;
        this.revocations = revocations;
        this.admissions = admissions;
        this.closed = closed;
        this.every = every;
    }

    /** Reads the list (waiting at most {@code wait}) and starts following it. */
    public synchronized void start(Duration wait) {
        try {
            reload().block(wait);
        }
        catch (RuntimeException e) {
            log.warn("Revocations could not be read at start ({}); they will be as soon as the store answers", e.toString());
        }
        if (every != null) {
            following = Flux.interval(every, every)
                    .onBackpressureDrop()
                    .concatMap(tick -> store.version()
                            .filter(v -> seen.get() != v)
                            .flatMap(v -> reload().doOnSuccess(done -> seen.set(v)))
                            .onErrorResume(e -> {
                                complain(e);
                                return Mono.empty();
                            }), 1)
                    .subscribe();
        }
    }

    public synchronized void stop() {
        if (following != null) {
            following.dispose();
        }
    }

    /** The store's list made this node's; the streams of newly revoked subjects closed. */
    Mono<Void> reload() {
        return store.all().flatMap(entries -> {
            Map<String, Instant> live = new HashMap<>();
            Mono<Void> prune = Mono.empty();
            for (Map.Entry<String, Instant> e : entries.entrySet()) {
                if (revocations.expired(e.getValue())) {
                    prune = prune.then(store.lift(e.getKey()));
                }
                else {
                    live.put(e.getKey(), e.getValue());
                }
            }
            List<String> news = revocations.replaceAll(live);
            news.forEach(subject -> closed.increment(admissions.close(subject)));
            return prune;
        });
    }

    private void complain(Throwable e) {
        long now = System.nanoTime();
        long last = saidAt.get();
        if (now - last >= QUIET_NANOS && saidAt.compareAndSet(last, now)) {
            log.warn("Revocations could not be read from the store: {} (said at most once a minute)", e.toString());
        }
    }
}
