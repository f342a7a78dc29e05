package io.tickwire.gateway.transport;

import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.wire.ProtocolError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * An HTTP request refused before any data flows (PROTOCOL.md §3, §4): the status of its code and
 * the error's JSON body; every refusal is counted as a protocol error of its code.
 */
public final class HttpErrors {

    private HttpErrors() {
    }

    public static Mono<ServerResponse> respond(ProtocolError error, GatewayMeters meters) {
        meters.protocolError(error.code());
        return ServerResponse.status(status(error)).contentType(MediaType.APPLICATION_JSON).bodyValue(error.body());
    }

    static HttpStatus status(ProtocolError error) {
        return switch (error.code()) {
            case BAD_REQUEST, UNKNOWN_SYMBOL, LIMIT_EXCEEDED -> HttpStatus.BAD_REQUEST;
            case NOT_ENTITLED -> HttpStatus.FORBIDDEN;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
        };
    }
}
