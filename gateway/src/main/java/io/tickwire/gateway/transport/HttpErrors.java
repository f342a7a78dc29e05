package io.tickwire.gateway.transport;

import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * An HTTP request refused before any data flows (PROTOCOL.md §3, §4, §8): the status of its code
 * and the error's JSON body; every refusal is counted as a protocol error of its code.
 */
public final class HttpErrors {

    private HttpErrors() {
    }

    public static Mono<ServerResponse> respond(ProtocolError error, GatewayMeters meters) {
        return respond(error, Map.of(), meters);
    }

    /** The refusal with {@code extra} fields in its body ({@code "index"} of the bad quote, say). */
    public static Mono<ServerResponse> respond(ProtocolError error, Map<String, Object> extra, GatewayMeters meters) {
        return respond(error, extra, status(error), meters);
    }

    /** The refusal under another status than its code's ({@code 413} for a body too large, say). */
    public static Mono<ServerResponse> respond(ProtocolError error, Map<String, Object> extra, HttpStatus status,
                                               GatewayMeters meters) {
        meters.protocolError(error.code());
        Map<String, Object> body = error.body();
        body.putAll(extra);
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
        if (error.code() == ErrorCode.FEED_UNAVAILABLE) {
            response = response.header("Retry-After", "1");
        }
        return response.bodyValue(body);
    }

    /** 429 with {@code Retry-After: 1}: a connection limit of this node was reached ({@code reason}). */
    public static Mono<ServerResponse> overLimit(String reason, GatewayMeters meters) {
        ProtocolError error = new ProtocolError(ErrorCode.RATE_LIMITED, "connection limit reached (" + reason
                + "): retry later, or on another node", List.of());
        meters.protocolError(error.code());
        return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(error.body());
    }

    /** The client's address as the server saw it, or {@code null}. */
    public static String address(ServerRequest request) {
        return request.remoteAddress().map(a -> a.getAddress() == null ? null : a.getAddress().getHostAddress())
                .orElse(null);
    }

    static HttpStatus status(ProtocolError error) {
        return switch (error.code()) {
            case BAD_REQUEST, UNKNOWN_SYMBOL, LIMIT_EXCEEDED, BAD_QUOTE, BAD_INSTRUMENT -> HttpStatus.BAD_REQUEST;
            case NOT_PUBLISHABLE -> HttpStatus.CONFLICT;
            case FEED_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_ENTITLED -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
        };
    }
}
