package io.tickwire.client;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code GET /api/quotes/poll} (PROTOCOL.md §4): polls one after another on one connection, kept
 * alive for the link and closed with it. Each poll resumes with {@code since} from the previous
 * answer's {@code seq} (the first from the request's cursor) and hands over the answer's quotes in
 * {@code seq} order. The first poll asks the gateway to answer at once, so the link is live (or
 * refused) without waiting for the market; the next ones ask it to wait up to half the heartbeat
 * timeout, and the watchdog drops a poll not answered within all of it.
 *
 * <p>A token is sent as {@code Authorization: Bearer} with each poll. When it is due (half its
 * remaining life, at most 30 s before its {@code exp}, as on WebSocket) the token supplier is asked
 * for a fresh one, sent from the next poll on; a supplier that fails, or hands back a token no
 * later than the current one, ends the refreshing. A status other than 200 ends the link with an
 * {@link HttpRefusal}.
 */
final class LongPollLink implements Link {

    @Override
    public Mono<Void> open(Request r, Listener listener) {
        return Mono.usingWhen(Mono.fromSupplier(() -> ConnectionProvider.create("tickwire-long-poll", 1)),
                connection -> new Polls(HttpClient.create(connection), r, listener).run(),
                ConnectionProvider::disposeLater);
    }

    static URI uri(Request r, long since, Duration wait) {
        StringBuilder q = new StringBuilder("/api/quotes/poll?symbols=")
                .append(URLEncoder.encode(String.join(",", r.symbols()), StandardCharsets.UTF_8))
                .append("&timeout=").append(BigDecimal.valueOf(wait.toMillis(), 3).stripTrailingZeros().toPlainString());
        if (since >= 0) {
            q.append("&since=").append(since);
        }
        return r.base().resolve(q.toString());
    }

    /** The polls of one link, one at a time: the cursor and the token each hands to the next. */
    private static final class Polls {

        private final HttpClient http;
        private final Request r;
        private final Listener listener;
        private volatile long cursor;
        private volatile boolean live;
        /** The token, or {@code null} when the gateway is open. */
        private volatile String token;
        /** When to ask the supplier for a fresh token; {@code null}: never. */
        private volatile Instant refreshAt;

        Polls(HttpClient http, Request r, Listener listener) {
            this.http = http;
            this.r = r;
            this.listener = listener;
            this.cursor = r.since();
            this.token = r.token();
            this.refreshAt = refreshAt(r.token());
        }

        /** Never completes: ends with the error of the poll that failed, or when cancelled. */
        Mono<Void> run() {
            return Mono.defer(this::pollOnce).repeat().then();
        }

        private Mono<Void> pollOnce() {
            Duration wait = live ? r.heartbeatTimeout().dividedBy(2) : Duration.ZERO;
            return refreshed().then(Mono.defer(() -> http
                    .headers(h -> {
                        h.set("Accept", "application/json");
                        String t = token;
                        if (t != null) {
                            h.set("Authorization", "Bearer " + t);
                        }
                    })
                    .get()
                    .uri(uri(r, cursor, wait))
                    .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .map(text -> {
                                int status = response.status().code();
                                if (status != 200) {
                                    throw new HttpRefusal(status, Frames.refusal(text));
                                }
                                return Frames.polled(text);
                            }))
                    .timeout(r.heartbeatTimeout())
                    .onErrorMap(TimeoutException.class, e -> LinkLostException.silentFor(r.heartbeatTimeout()))))
                    .doOnNext(this::handOver)
                    .then();
        }

        private void handOver(Frames.Polled answer) {
            if (!live) {
                live = true;
                listener.live();
            }
            answer.quotes().forEach(listener::quote);
            cursor = Math.max(cursor, answer.seq());
        }

        /** Completes once the token for the next poll is at hand: a fresh one if the current one is due. */
        private Mono<Void> refreshed() {
            Instant due = refreshAt;
            if (due == null || r.tokens() == null || Instant.now().isBefore(due)) {
                return Mono.empty();
            }
            Optional<Instant> exp = JwtExpiry.of(token);
            return Mono.defer(r.tokens())
                    .doOnNext(fresh -> {
                        Optional<Instant> next = JwtExpiry.of(fresh);
                        if (exp.isPresent() && next.isPresent() && next.get().isAfter(exp.get())) {
                            token = fresh;
                            refreshAt = refreshAt(fresh);
                        }
                        else {
                            refreshAt = null;
                        }
                    })
                    .switchIfEmpty(Mono.fromRunnable(() -> refreshAt = null))
                    .onErrorResume(e -> {
                        refreshAt = null;
                        listener.refreshFailed(e);
                        return Mono.empty();
                    })
                    .then();
        }

        private static Instant refreshAt(String token) {
            Instant now = Instant.now();
            return JwtExpiry.of(token).map(exp -> now.plus(JwtExpiry.refreshIn(exp, now))).orElse(null);
        }
    }
}
