package io.tickwire.gateway.security;

import io.tickwire.gateway.wire.ProtocolError;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The cross-site WebSocket hijacking defence OWASP asks for, on {@code /ws} and {@code /sse}: a
 * browser request (it carries an {@code Origin}) from an origin not allowed is refused with 403
 * before anything else, token or not. Requests without an {@code Origin} are not from a browser
 * (scripts, servers, curl) and pass. Allowed: the origins listed ({@code *}: any), or, with none
 * listed, the page's own origin only, the one whose host (and port) the request was sent to.
 */
public final class OriginCheck implements WebFilter {

    private final List<String> allowed;
    private final JsonRefusals refusals;

    /** @param allowed origins such as {@code https://trading.example.com}, {@code *} for any; empty for same-origin only */
    public OriginCheck(List<String> allowed, JsonRefusals refusals) {
        this.allowed = allowed.stream().map(o -> o.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "")).toList();
        this.refusals = refusals;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null || !(path.equals("/ws") || path.equals("/sse")) || allows(origin, exchange)) {
            return chain.filter(exchange);
        }
        return refusals.write(exchange, HttpStatus.FORBIDDEN,
                ProtocolError.badRequest("origin " + origin + " may not open " + path));
    }

    boolean allows(String origin, ServerWebExchange exchange) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains("*") || allowed.contains(o)) {
            return true;
        }
        return allowed.isEmpty() && sameHost(o, exchange.getRequest().getHeaders());
    }

    /** The origin's host and port are those the request was sent to (its Host header); default ports left out. */
    private static boolean sameHost(String origin, HttpHeaders headers) {
        String host = headers.getFirst(HttpHeaders.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return withoutDefaultPort(authority).equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT)));
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String authority) {
        return authority.endsWith(":80") || authority.endsWith(":443")
                ? authority.substring(0, authority.lastIndexOf(':')) : authority;
    }
}
