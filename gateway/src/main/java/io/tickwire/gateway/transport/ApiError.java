package io.tickwire.gateway.transport;

import io.tickwire.gateway.metrics.GatewayMeters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * An HTTP request refused before any data flows (PROTOCOL.md §3, §4): status 400 with
 * {@code {"code":…,"message":…}}, plus {@code "symbols"} naming the symbols at fault when there are any.
 */
public record ApiError(ErrorCode code, String message, List<String> symbols) {

    public static ApiError badRequest(String message) {
        return new ApiError(ErrorCode.BAD_REQUEST, message, List.of());
    }

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        body.put("message", message);
        if (!symbols.isEmpty()) {
            body.put("symbols", symbols);
        }
        return body;
    }

    /** The 400 response; every refusal is counted as a protocol error of its code. */
    public Mono<ServerResponse> toResponse(GatewayMeters meters) {
        meters.protocolError(code);
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body());
    }
}
