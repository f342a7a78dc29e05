package io.tickwire.gateway.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.gateway.observability.FeedAvailability;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A node whose feed is unavailable ({@link FeedAvailability}) steps aside (PROTOCOL.md §5): every
 * new stream, the {@code /ws} handshake, {@code /sse} and {@code /api/quotes/poll}, is refused with
 * 503 {@code {"code":"FEED_UNAVAILABLE",…}} and {@code Retry-After: 1} before any upgrade or
 * stream, and before anything else is checked, so a load balancer retries it on another node.
 * Streams already open are not touched, and snapshots ({@code /api/quotes}, {@code /api/symbols})
 * are still answered. While the feed is available it only compares a path.
 *
 * <p>A {@code /ws} upgraded by Reactor Netty ahead of Spring (see the websocket package's
 * {@code DirectHandshakes}) never reaches a web filter: {@link #ahead()} gives the same refusal as
 * a route in front of it. Each refusal is counted in {@code tickwire_limits_refused_total}
 * ({@code reason="feed_unavailable"}) and as a protocol error of its code.
 */
public final class FeedGate implements WebFilter {

    static final String REASON = MetricNames.FEED_UNAVAILABLE;
    /** How soon to try again; meanwhile a load balancer sends the retry to another node. */
    static final String RETRY_AFTER = "1";
    private static final String WS = "/ws";
    private static final Set<String> NEW_STREAMS = Set.of(WS, "/sse", "/api/quotes/poll");

    private final FeedAvailability feed;
    private final GatewayMeters meters;
    private final byte[] body;

    public FeedGate(FeedAvailability feed, ObjectMapper mapper, GatewayMeters meters) {
        this.feed = feed;
        this.meters = meters;
        try {
            body = mapper.writeValueAsBytes(new ProtocolError(ErrorCode.FEED_UNAVAILABLE,
                    "this node's feed is unavailable: retry, or connect to another node", List.of()).body());
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!NEW_STREAMS.contains(exchange.getRequest().getPath().pathWithinApplication().value())
                || feed.available()) {
            return chain.filter(exchange);
        }
        counted();
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("Retry-After", RETRY_AFTER);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    /** The refusal of a {@code /ws} request as a Reactor Netty route, to go in front of every other route. */
    public NettyRouteProvider ahead() {
        return routes -> routes.route(this::refusesHandshake, (request, response) -> {
            counted();
            return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                    .header("Retry-After", RETRY_AFTER)
                    .sendByteArray(Mono.just(body));
        });
    }

    private boolean refusesHandshake(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return (query < 0 ? uri : uri.substring(0, query)).equals(WS) && !feed.available();
    }

    private void counted() {
        meters.limited(REASON);
        meters.protocolError(ErrorCode.FEED_UNAVAILABLE);
    }
}
