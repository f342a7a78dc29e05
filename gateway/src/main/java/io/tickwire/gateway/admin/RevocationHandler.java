package io.tickwire.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Admissions;
import io.tickwire.gateway.security.Caller;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.Revocations;
import io.tickwire.gateway.transport.HttpErrors;
import io.tickwire.gateway.transport.RequestBodies;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /api/admin/revocations} (PROTOCOL.md §4a), for callers whose token says {@code "admin": true}:
 * {@code POST {"sub":"alice"}} revokes a subject — kept in the store first, so every node and a
 * restarted one know it, then this node's streams of it closed at once (the other nodes' within
 * their sync interval) — and answers {@code {"sub":"alice","revokedAt":"…"}}; {@code GET} lists the
 * revocations in force, oldest first; {@code DELETE /api/admin/revocations/{sub}} lifts one. With
 * authentication off there are no subjects: 403. A store that cannot be reached: 503, nothing done.
 */
public final class RevocationHandler {

    /** Largest body of a revocation, in bytes. */
    static final int MAX_BYTES = 4096;
    /** Longest subject taken. */
    static final int MAX_SUBJECT = 256;

    private final Callers callers;
    private final Admissions admissions;
    private final Revocations revocations;
    private final RevocationStore store;
    private final ObjectMapper mapper;
    private final GatewayMeters meters;
    private final Counter revoked;
    private final Counter closed;
    private final Clock clock;
    private final int maxEntries;

    /**
     * @param revoked    revocations made through this node
     * @param closed     streams this node closed for a revocation
     * @param maxEntries most revocations in force at once
     */
    public RevocationHandler(Callers callers, Admissions admissions, Revocations revocations, RevocationStore store,
                             ObjectMapper mapper, GatewayMeters meters, Counter revoked, Counter closed, Clock clock,
                             int maxEntries) {
        this.callers = callers;
        this.admissions = admissions;
        this.revocations = revocations;
        this.store = store;
        this.mapper = mapper;
        this.meters = meters;
        this.revoked = revoked;
        this.closed = closed;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    public Mono<ServerResponse> revoke(ServerRequest request) {
        return asAdmin(request, caller -> RequestBodies.read(request, MAX_BYTES)
                .flatMap(this::revoke)
                .onErrorResume(DataBufferLimitException.class, e -> refuse(ProtocolError.badRequest(
                        "the body is over " + MAX_BYTES + " bytes: send {\"sub\":\"<subject>\"}"))));
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        return asAdmin(request, caller -> {
            List<Map<String, Object>> out = revocations.list().entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> entry(e.getKey(), e.getValue()))
                    .toList();
            return ServerResponse.ok().bodyValue(Map.of("revocations", out));
        });
    }

    public Mono<ServerResponse> lift(ServerRequest request) {
        return asAdmin(request, caller -> {
            String subject = request.pathVariable("sub");
            return store.lift(subject)
                    .then(Mono.fromCallable(() -> revocations.lift(subject)))
                    .flatMap(was -> ServerResponse.ok().bodyValue(Map.of("sub", subject, "lifted", was)))
                    .onErrorResume(e -> unavailable(e));
        });
    }

    private Mono<ServerResponse> revoke(byte[] body) {
        String subject;
        try {
            JsonNode json = mapper.readTree(body);
            JsonNode sub = json == null ? null : json.get("sub");
            if (sub == null || !sub.isTextual() || sub.asText().isBlank()) {
                return refuse(ProtocolError.badRequest("send {\"sub\":\"<subject>\"}: the subject whose tokens to refuse"));
            }
            subject = sub.asText();
        }
        catch (IOException e) {
            return refuse(ProtocolError.badRequest("the body is not JSON: send {\"sub\":\"<subject>\"}"));
        }
        if (subject.length() > MAX_SUBJECT) {
            return refuse(ProtocolError.badRequest("'sub' is longer than " + MAX_SUBJECT + " characters"));
        }
        Map<String, Instant> inForce = revocations.list();
        if (inForce.size() >= maxEntries && !inForce.containsKey(subject)) {
            return refuse(new ProtocolError(ErrorCode.LIMIT_EXCEEDED, maxEntries + " revocations are in force "
                    + "(tickwire.revocation.max-entries): lift some, or shorten tickwire.revocation.retention", List.of()));
        }
        // Milliseconds, as Redis keeps it: every node and the answer name the same moment.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return store.revoke(subject, at)
                .then(Mono.fromRunnable(() -> {
                    revoked.increment();
                    closed.increment(admissions.revoke(subject, at));
                }))
                .then(ServerResponse.ok().bodyValue(entry(subject, at)))
                .onErrorResume(this::unavailable);
    }

    private Mono<ServerResponse> asAdmin(ServerRequest request, Function<Caller, Mono<ServerResponse>> action) {
        if (!callers.enabled()) {
            return refuse(new ProtocolError(ErrorCode.NOT_ENTITLED, "authentication is off on this gateway "
                    + "(tickwire.auth.enabled=false): there are no subjects to revoke", List.of()));
        }
        return callers.of(request.principal()).flatMap(caller -> caller.admin() ? action.apply(caller)
                : refuse(new ProtocolError(ErrorCode.NOT_ENTITLED,
                        "this needs an operator's token (\"admin\": true in its tickwire claim)", List.of())));
    }

    private static Map<String, Object> entry(String subject, Instant at) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sub", subject);
        out.put("revokedAt", at.toString());
        return out;
    }

    private Mono<ServerResponse> unavailable(Throwable e) {
        return refuse(new ProtocolError(ErrorCode.FEED_UNAVAILABLE, "the revocations' store cannot be reached ("
                + e.getClass().getSimpleName() + "): nothing was changed; retry", List.of()));
    }

    private Mono<ServerResponse> refuse(ProtocolError error) {
        return HttpErrors.respond(error, meters);
    }
}
