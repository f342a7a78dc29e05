package io.tickwire.client;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Symbols;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * A client of the Tickwire gateway: quotes as a {@link Flux} that connects when subscribed,
 * reconnects and resumes by itself, and closes its connection when cancelled.
 *
 * <pre>{@code
 * TickwireClient client = TickwireClient.builder("http://localhost:8080").build();
 * client.quotes("AAPL", "MSFT").subscribe(q -> System.out.println(q.symbol() + " " + q.last()));
 * }</pre>
 *
 * <p><b>Reconnects.</b> A link that fails or ends is reopened after Reactor's exponential backoff
 * with jitter ({@code Retry.backoff(…).maxBackoff(…).jitter(0.5).transientErrors(true)}): attempt
 * {@code n} waits {@code b = min(max, min * 2^n)} moved by up to half of it either way, never less
 * than {@code min} nor more than {@code max}; the count starts over once a link is live again. The
 * new link resumes from the highest {@code seq} seen ({@code since} on WebSocket and long-poll,
 * {@code Last-Event-ID} on SSE), on whichever node answers, and a quote whose {@code seq} is not
 * above the last one handed over for its symbol is never handed over again. A 401, a 403 or a bad
 * request (400) is not retried: the flux ends with a {@link TickwireRefusedException}.
 *
 * <p><b>Heartbeat watchdog.</b> A link on which nothing (no quote, reply or heartbeat) arrives for
 * the heartbeat timeout, twice the gateway's heartbeat interval by default, is dropped and reopened.
 * A long-poll asks the gateway to answer within half of it, and is dropped if it has not answered
 * within all of it.
 *
 * <p><b>Tokens.</b> The token supplier is called for each link. On WebSocket, before the token's
 * {@code exp} (read from the JWT, not verified), a fresh one is sent in-band with the {@code auth}
 * op, so the link outlives it; on SSE the gateway ends the stream at {@code exp} and the reconnect
 * brings a fresh token, resuming with nothing lost; a long-poll sends the fresh token with its next
 * request.
 *
 * <p><b>Backpressure: conflation.</b> Level-1 quotes are state, so a reader slower than the market
 * gets the newest quote of each symbol, not every one: at most one quote per subscribed symbol
 * waits for it, replaced in place by newer ones (the symbols in the order they became pending).
 * Memory stays bounded however slowly the application reads, and the link is never slowed by it.
 *
 * <p><b>Instruments.</b> {@link #instruments()} reads the symbols the gateway carries (those the
 * token may see) with their precision (PROTOCOL.md §1a): an FX pair's prices have 5 decimals, a
 * crypto pair's sizes are fractional. Quotes carry every price, size and volume as a {@code double};
 * format them at the instrument's {@code priceDecimals} and {@code sizeDecimals}.
 *
 * <p><b>Events.</b> Symbol-level refusals ({@code UNKNOWN_SYMBOL}, {@code NOT_ENTITLED}: those
 * symbols are dropped, the others keep streaming), link states and token refreshes are published on
 * {@link #events()}. A client may serve several {@code quotes} streams; each opens its own link.
 */
public final class TickwireClient {

    private final ClientSettings settings;
    private final HttpClient http = HttpClient.newConnection();
    /** Events are dropped for a subscriber that does not keep up, never buffered. */
    private final Sinks.Many<ClientEvent> events = Sinks.many().multicast().directBestEffort();

    private TickwireClient(ClientSettings settings) {
        this.settings = settings;
    }

    /** A builder for a gateway at {@code baseUri}, e.g. {@code http://localhost:8080}. */
    public static Builder builder(String baseUri) {
        return new Builder(URI.create(baseUri));
    }

    /**
     * The quotes of {@code symbols} ({@code "*"} for every symbol the client may see): the latest
     * of each at first, then live, across reconnects, conflated for a slow reader (see above).
     * Nothing is opened until the flux is subscribed; each subscription opens its own link, and
     * cancelling it closes that link.
     */
    public Flux<Quote> quotes(String... symbols) {
        List<String> list = List.of(symbols);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("quotes needs at least one symbol");
        }
        for (String s : list) {
            if (!"*".equals(s) && !Symbols.isValid(s)) {
                throw new IllegalArgumentException("not a symbol: " + s + " (" + Symbols.PATTERN + ", or *)");
            }
        }
        Link link = switch (settings.transport()) {
            case WEBSOCKET -> new WebSocketLink(http);
            case SSE -> new SseLink(http);
            case LONG_POLL -> new LongPollLink();
        };
        return Flux.defer(() -> new QuoteStream(settings, link, list, this::publish).flux());
    }

    /**
     * The instruments the gateway carries, those the token may see, each with its precision
     * ({@code GET /api/symbols}, PROTOCOL.md §1a, §4), most active first. One request when
     * subscribed, with a token from the token supplier as a link would have; nothing is retried.
     * Errors with {@link TickwireRefusedException} when the gateway refuses it (401, 403), with
     * {@link IllegalStateException} for another status (a 5xx: try again later), and with
     * {@link IllegalArgumentException} when the answer is not the contract's list.
     */
    public Mono<List<Instrument>> instruments() {
        Mono<String> token = settings.tokens() == null ? Mono.just("") : Mono.defer(settings.tokens());
        return token.switchIfEmpty(Mono.error(() -> new IllegalStateException("the token supplier gave no token")))
                .flatMap(t -> http
                        .headers(h -> {
                            h.set("Accept", "application/json");
                            if (!t.isEmpty()) {
                                h.set("Authorization", "Bearer " + t);
                            }
                        })
                        .get()
                        .uri(settings.base().resolve("/api/symbols"))
                        .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                .map(text -> {
                                    int status = response.status().code();
                                    if (status == 200) {
                                        return Frames.instruments(text);
                                    }
                                    Inbound.Control refusal = Frames.refusal(text);
                                    if (status >= 400 && status < 500 && status != 429) {
                                        throw new TickwireRefusedException("instrument list", status, refusal.code(),
                                                refusal.message());
                                    }
                                    throw new IllegalStateException("the gateway answered the instrument list with HTTP "
                                            + status + (refusal.code() == null ? "" : " " + refusal.code())
                                            + (refusal.message() == null ? "" : ": " + refusal.message()));
                                })));
    }

    /**
     * Link states, refusals and token refreshes of every stream of this client, as they happen.
     * Hot: a subscriber sees what happens after it subscribed; one that does not keep up misses events.
     */
    public Flux<ClientEvent> events() {
        return events.asFlux();
    }

    private void publish(ClientEvent event) {
        synchronized (events) {
            events.tryEmitNext(event);
        }
    }

    /** Settings of a {@link TickwireClient}; each has a default but the base URI. */
    public static final class Builder {

        private final URI base;
        private Transport transport = Transport.WEBSOCKET;
        private Supplier<Mono<String>> tokens;
        private Integer maxRate;
        private Duration backoffMin = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(15);
        private Duration heartbeatTimeout = Duration.ofSeconds(20);

        private Builder(URI base) {
            if (base.getScheme() == null || base.getAuthority() == null) {
                throw new IllegalArgumentException("the base URI needs a scheme and a host: " + base);
            }
            this.base = base;
        }

        /** {@link Transport#WEBSOCKET} (default), {@link Transport#SSE} or {@link Transport#LONG_POLL}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport);
            return this;
        }

        /** A fixed token for a gateway with authentication on (it will not be refreshed). */
        public Builder token(String token) {
            Objects.requireNonNull(token);
            return tokenSupplier(() -> Mono.just(token));
        }

        /** Where tokens come from: called for each link, and on WebSocket before the current token's {@code exp}. */
        public Builder tokenSupplier(Supplier<Mono<String>> tokens) {
            this.tokens = Objects.requireNonNull(tokens);
            return this;
        }

        /**
         * At most this many quotes per second per symbol, each the newest (the gateway caps it). Not
         * on long-poll, whose answers hold at most one quote per symbol each.
         */
        public Builder maxRate(int perSecond) {
            if (perSecond <= 0) {
                throw new IllegalArgumentException("maxRate must be > 0, got " + perSecond);
            }
            this.maxRate = perSecond;
            return this;
        }

        /**
         * The first and the longest delay between reconnect attempts (defaults 500 ms and 15 s):
         * Reactor's {@code Retry.backoff(Long.MAX_VALUE, min).maxBackoff(max)}, with jitter 0.5.
         */
        public Builder backoff(Duration min, Duration max) {
            if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
            }
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        /** How long a silent link is kept (default 20 s, twice the gateway's default heartbeat interval). */
        public Builder heartbeatTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("heartbeatTimeout must be > 0, got " + timeout);
            }
            this.heartbeatTimeout = timeout;
            return this;
        }

        public TickwireClient build() {
            return new TickwireClient(new ClientSettings(base, transport, tokens, maxRate, backoffMin, backoffMax,
                    heartbeatTimeout));
        }
    }
}
