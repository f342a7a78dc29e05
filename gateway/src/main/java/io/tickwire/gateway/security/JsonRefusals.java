package io.tickwire.gateway.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's refusals in the contract's words, before any upgrade or stream: 401 with
 * {@code {"code":"UNAUTHENTICATED","message":…}} (and {@code WWW-Authenticate: Bearer}), 403 for a
 * request authenticated but not allowed. Each counted as a protocol error of its code.
 */
public final class JsonRefusals {

    private final ObjectMapper mapper;
    private final GatewayMeters meters;

    public JsonRefusals(ObjectMapper mapper, GatewayMeters meters) {
        this.mapper = mapper;
        this.meters = meters;
    }

    public ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, e) -> write(exchange, HttpStatus.UNAUTHORIZED,
                new ProtocolError(ErrorCode.UNAUTHENTICATED, reason(e), List.of()));
    }

    public ServerAccessDeniedHandler denied() {
        return (exchange, e) -> write(exchange, HttpStatus.FORBIDDEN,
                new ProtocolError(ErrorCode.NOT_ENTITLED, "not allowed: " + e.getMessage(), List.of()));
    }

    /** A message that says what to do, without echoing the token. */
    private static String reason(AuthenticationException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("expired")) {
            return "the token has expired";
        }
        if (m.startsWith("Full authentication is required") || m.startsWith("Not Authenticated")) {
            return "a token is required: Authorization: Bearer <JWT>, or access_token=<JWT> in the query";
        }
        return "the token was refused: " + m.replaceAll("eyJ[\\w.-]+", "<token>");
    }

    Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ProtocolError error) {
        meters.protocolError(error.code());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set("WWW-Authenticate", "Bearer");
        }
        try {
            return response.writeWith(Mono.just(response.bufferFactory().wrap(mapper.writeValueAsBytes(error.body()))));
        }
        catch (JsonProcessingException e) {
            return Mono.error(e);
        }
    }
}
