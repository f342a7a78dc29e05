package io.tickwire.client;

import io.tickwire.feed.Quote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One subscription of {@link TickwireClient#quotes}: the links it opens one after another, the
 * cursor it resumes from, the last {@code seq} of each symbol (a quote at or below it is never
 * handed over again) and the {@link ConflatingMailbox} the application reads from.
 */
final class QuoteStream implements Link.Listener {

    private static final Set<String> SYMBOL_CODES = Set.of("UNKNOWN_SYMBOL", "NOT_ENTITLED");

    private final ClientSettings settings;
    private final Link link;
    private final List<String> asked;
    private final Consumer<ClientEvent> events;
    private final Backoff backoff;
    /** The symbols still asked for: those the gateway refused are dropped. */
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final ConflatingMailbox mailbox = new ConflatingMailbox();
    private volatile long cursor = -1;
    /** Failed attempts since the last link that went live. */
    private volatile int attempt;
    private volatile boolean failed;
    private volatile Disposable links;

    QuoteStream(ClientSettings settings, Link link, List<String> asked, Consumer<ClientEvent> events) {
        this.settings = settings;
        this.link = link;
        this.asked = List.copyOf(asked);
        this.events = events;
        this.backoff = new Backoff(settings.backoffMin(), settings.backoffMax());
        symbols.addAll(asked);
    }

    Flux<Quote> flux() {
        return mailbox.flux(this::start, this::stop);
    }

    private void start() {
        state(ConnectionState.CONNECTING, Duration.ZERO, null);
        links = Mono.defer(this::openOnce)
                .then(Mono.<Void>error(LinkLostException::closed))
                .retryWhen(Retry.from(signals -> signals.concatMap(s -> retryOrEnd(s.failure()))))
                .subscribe(null, this::fail);
    }

    private Mono<Void> openOnce() {
        Mono<String> token = settings.tokens() == null ? Mono.just("") : Mono.defer(settings.tokens());
        return token.switchIfEmpty(Mono.error(() -> new IllegalStateException("the token supplier gave no token")))
                .flatMap(t -> link.open(new Link.Request(settings.base(), t.isEmpty() ? null : t, settings.tokens(),
                        List.copyOf(symbols), cursor, settings.maxRate(), settings.heartbeatTimeout()), this));
    }

    /** Waits before the next attempt, or ends the stream with {@code error} if retrying cannot help. */
    private Mono<Long> retryOrEnd(Throwable error) {
        if (error instanceof HttpRefusal refusal) {
            Inbound.Control body = refusal.body;
            if ((refusal.status == 400 || refusal.status == 403) && SYMBOL_CODES.contains(body.code())
                    && !body.symbols().isEmpty()) {
                TickwireRefusedException none = refused(body);
                return none == null ? Mono.just(0L) : Mono.error(none);
            }
            if (refusal.status != 429 && refusal.status < 500) {
                return Mono.error(new TickwireRefusedException(refusal.status, body.code(), body.message()));
            }
        }
        if (error instanceof TickwireRefusedException) {
            return Mono.error(error);
        }
        Duration delay = backoff.delay(attempt++);
        state(ConnectionState.RECONNECTING, delay, error);
        return Mono.delay(delay);
    }

    private void fail(Throwable error) {
        failed = true;
        state(ConnectionState.FAILED, Duration.ZERO, error);
        mailbox.fail(error);
    }

    private void stop() {
        Disposable d = links;
        if (d != null) {
            d.dispose();
        }
        if (!failed) {
            state(ConnectionState.CLOSED, Duration.ZERO, null);
        }
    }

    @Override
    public void live() {
        attempt = 0;
        state(ConnectionState.LIVE, Duration.ZERO, null);
    }

    @Override
    public void quote(Quote quote) {
        Long last = lastSeq.get(quote.symbol());
        if (last != null && quote.seq() <= last) {
            // Already handed over (a resume on a node that was behind, or a snapshot we had).
            return;
        }
        lastSeq.put(quote.symbol(), quote.seq());
        if (quote.seq() > cursor) {
            cursor = quote.seq();
        }
        mailbox.offer(quote);
    }

    @Override
    public void control(Inbound.Control control) {
        switch (control.type()) {
            case "error" -> {
                if (!SYMBOL_CODES.contains(control.code())) {
                    events.accept(new ClientEvent.Refusal(asked, control.code(), control.message(), control.symbols()));
                }
                else {
                    TickwireRefusedException none = refused(control);
                    if (none != null) {
                        // Out through the link, which closes, and on to retryOrEnd, which ends the stream.
                        throw none;
                    }
                }
            }
            case "authenticated" -> events.accept(new ClientEvent.TokenRefreshed(asked,
                    Instant.ofEpochSecond(control.exp())));
            default -> {
                // Heartbeats, the subscribe ack, pongs: the link has already counted them as signs of life.
            }
        }
    }

    @Override
    public void refreshFailed(Throwable error) {
        events.accept(new ClientEvent.Refusal(asked, "TOKEN_REFRESH_FAILED",
                "the token supplier failed: " + error, List.of()));
    }

    /**
     * The gateway refused some symbols: they are reported and dropped. With none left, the error
     * that ends the stream; otherwise {@code null}.
     */
    private TickwireRefusedException refused(Inbound.Control control) {
        symbols.removeAll(control.symbols());
        events.accept(new ClientEvent.Refusal(asked, control.code(), control.message(), control.symbols()));
        if (!symbols.isEmpty()) {
            return null;
        }
        int status = "NOT_ENTITLED".equals(control.code()) ? 403 : 400;
        return new TickwireRefusedException(status, control.code(), "no symbol of " + asked + " can be streamed: "
                + control.message());
    }

    private void state(ConnectionState state, Duration retryIn, Throwable cause) {
        events.accept(new ClientEvent.StateChanged(asked, state, retryIn, cause));
    }
}
