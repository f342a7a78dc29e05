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
import reactor.core.publisher.Sinks;
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
    /** The symbols still asked for: those the gateway refused are dropped. */
    private final Set<String> symbols = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final ConflatingMailbox mailbox = new ConflatingMailbox();
    private volatile long cursor = -1;
    /** Where the link of the current attempt says it went live. */
    private volatile Sinks.One<Boolean> wentLive = Sinks.one();
    private volatile boolean failed;
    private volatile Disposable links;

    QuoteStream(ClientSettings settings, Link link, List<String> asked, Consumer<ClientEvent> events) {
        this.settings = settings;
        this.link = link;
        this.asked = List.copyOf(asked);
        this.events = events;
        symbols.addAll(asked);
    }

    Flux<Quote> flux() {
        return mailbox.flux(this::start, this::stop);
    }

    /**
     * Opens links one after another: a link refused for some of its symbols is reopened at once
     * without them; any other that fails or ends is reopened after {@link ClientSettings#reconnects()}
     * backoff, counted afresh once a link has gone live, unless the gateway refused the client.
     */
    private void start() {
        state(ConnectionState.CONNECTING, Duration.ZERO, null);
        links = Flux.defer(this::attempt)
                .retryWhen(Retry.indefinitely().filter(SymbolsDropped.class::isInstance))
                .retryWhen(settings.reconnects()
                        .filter(e -> !(e instanceof TickwireRefusedException))
                        .doBeforeRetry(s -> state(ConnectionState.RECONNECTING,
                                settings.nominalDelay(s.totalRetriesInARow()), s.failure())))
                .subscribe(null, this::fail);
    }

    /**
     * One link: emits once when it goes live (which starts the backoff's count over), and always
     * ends in an error, the gateway's refusal judged by {@link #judge}.
     */
    private Flux<Boolean> attempt() {
        Sinks.One<Boolean> live = Sinks.one();
        wentLive = live;
        Mono<String> token = settings.tokens() == null ? Mono.just("") : Mono.defer(settings.tokens());
        Mono<Boolean> ended = token
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the token supplier gave no token")))
                .flatMap(t -> link.open(new Link.Request(settings.base(), t.isEmpty() ? null : t,
                        settings.tokens(), List.copyOf(symbols), cursor, settings.maxRate(),
                        settings.heartbeatTimeout()), this))
                .then(Mono.<Boolean>error(LinkLostException::closed))
                .onErrorMap(HttpRefusal.class, this::judge);
        return Flux.merge(live.asMono(), ended);
    }

    /**
     * What an HTTP refusal means: refused symbols are dropped ({@link SymbolsDropped}: ask again
     * for the rest at once) unless none is left; another 4xx but a 429 is final
     * ({@link TickwireRefusedException}); a 429 or a 5xx is retried after the backoff.
     */
    private RuntimeException judge(HttpRefusal refusal) {
        Inbound.Control body = refusal.body;
        if ((refusal.status == 400 || refusal.status == 403) && SYMBOL_CODES.contains(body.code())
                && !body.symbols().isEmpty()) {
            TickwireRefusedException none = refused(body);
            return none == null ? new SymbolsDropped() : none;
        }
        if (refusal.status != 429 && refusal.status < 500) {
            return new TickwireRefusedException(refusal.status, body.code(), body.message());
        }
        return refusal;
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
        state(ConnectionState.LIVE, Duration.ZERO, null);
        wentLive.tryEmitValue(true);
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
                        // Out through the link, which closes, and on to the retry, which lets it end the stream.
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

    /** Some symbols were refused and dropped; the others are asked for again at once. */
    private static final class SymbolsDropped extends RuntimeException {

        SymbolsDropped() {
            super("symbols refused and dropped", null, false, false);
        }
    }
}
