package io.tickwire.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@code GET /sse} (PROTOCOL.md §3): resumes with {@code Last-Event-ID}; any chunk that arrives,
 * heartbeat comments included, feeds the watchdog. A token is sent as {@code Authorization: Bearer}
 * and lives as long as the stream: the gateway ends the stream at its {@code exp}, and the reconnect
 * brings a fresh one.
 */
final class SseLink implements Link {

    private final HttpClient http;

    SseLink(HttpClient http) {
        this.http = http;
    }

    @Override
    public Mono<Void> open(Request r, Listener listener) {
        return http
                .headers(h -> {
                    h.set("Accept", "text/event-stream");
                    if (r.token() != null) {
                        h.set("Authorization", "Bearer " + r.token());
                    }
                    if (r.since() >= 0) {
                        h.set("Last-Event-ID", Long.toString(r.since()));
                    }
                })
                .get()
                .uri(uri(r))
                .responseConnection((response, connection) -> {
                    int status = response.status().code();
                    if (status != 200) {
                        return connection.inbound().receive().aggregate().asString().defaultIfEmpty("")
                                .flatMap(body -> Mono.error(new HttpRefusal(status, Frames.refusal(body))));
                    }
                    listener.live();
                    SseParser parser = new SseParser();
                    return connection.inbound().receive().asString(StandardCharsets.UTF_8)
                            .timeout(r.heartbeatTimeout())
                            .onErrorMap(TimeoutException.class, e -> LinkLostException.silentFor(r.heartbeatTimeout()))
                            .doOnNext(chunk -> parser.feed(chunk).forEach(event -> {
                                if ("quote".equals(event.event())) {
                                    listener.quote(Frames.quote(event.data()));
                                }
                            }));
                })
                .then();
    }

    static URI uri(Request r) {
        StringBuilder q = new StringBuilder("/sse?symbols=")
                .append(URLEncoder.encode(String.join(",", r.symbols()), StandardCharsets.UTF_8));
        if (r.maxRate() != null) {
            q.append("&maxRate=").append(r.maxRate());
        }
        return r.base().resolve(q.toString());
    }
}
