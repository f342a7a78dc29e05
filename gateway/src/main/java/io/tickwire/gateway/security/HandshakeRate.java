package io.tickwire.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * WebSocket and SSE opens per second per client address ({@code tickwire.limits.handshakes-per-second}):
 * one token bucket per address, a burst of twice the rate, kept in a cache bounded in size and idle
 * time, so many addresses cannot grow memory. Over the rate: 429 {@code RATE_LIMITED} with
 * {@code Retry-After}, before authentication.
 */
public final class HandshakeRate implements WebFilter {

    static final String REASON = "handshake_rate";
    private static final int MAX_ADDRESSES = 100_000;

    private final int perSecond;
    private final JsonRefusals refusals;
    private final GatewayMeters meters;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(1)).build();

    public HandshakeRate(int perSecond, JsonRefusals refusals, GatewayMeters meters) {
        this.perSecond = perSecond;
        this.refusals = refusals;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (perSecond == 0 || remote == null || !(path.equals("/ws") || path.equals("/sse"))) {
            return chain.filter(exchange);
        }
        Bucket bucket = buckets.get(remote.getAddress().getHostAddress(), a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .build());
        if (bucket.tryConsume(1)) {
            return chain.filter(exchange);
        }
        meters.limited(REASON);
        exchange.getResponse().getHeaders().set("Retry-After", "1");
        return refusals.write(exchange, HttpStatus.TOO_MANY_REQUESTS, new ProtocolError(ErrorCode.RATE_LIMITED,
                "too many connections opened from this address; retry in a second", List.of()));
    }
}
