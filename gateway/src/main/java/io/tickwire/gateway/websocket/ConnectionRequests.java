package io.tickwire.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.SubscribeResult;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Caller;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.OpsLimiter;
import io.tickwire.gateway.wire.ControlMessage;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import io.tickwire.gateway.wire.Replies;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * One WebSocket connection's requests (PROTOCOL.md §2), applied to its hub session in the order
 * they came, each answered before the next is read: {@code subscribe}, {@code unsubscribe},
 * {@code ping}, and {@code auth}, which replaces the connection's token before it expires.
 */
final class ConnectionRequests {

    private final ClientSession client;
    private final Callers callers;
    private final Replies replies;
    private final GatewayMeters meters;
    private final OpsLimiter limiter;
    private Caller caller;
    /** Closed for abuse: what the client still sends before the close reaches it is dropped. */
    private boolean abusive;

    ConnectionRequests(ClientSession client, Caller caller, Callers callers, Replies replies, GatewayMeters meters,
                       OpsLimiter limiter) {
        this.client = client;
        this.caller = caller;
        this.callers = callers;
        this.replies = replies;
        this.meters = meters;
        this.limiter = limiter;
    }

    /**
     * Applies {@code request}, within the connection's rate: past it the request is answered
     * {@code RATE_LIMITED} and not carried out, and a client that keeps on is closed (1008).
     * Completes once it is answered.
     */
    Mono<Void> apply(ClientRequest request) {
        if (abusive) {
            return Mono.empty();
        }
        OpsLimiter.Verdict verdict = limiter.next();
        if (verdict != OpsLimiter.Verdict.GO) {
            return refuse(request, verdict);
        }
        return carryOut(request);
    }

    private Mono<Void> refuse(ClientRequest request, OpsLimiter.Verdict verdict) {
        if (verdict == OpsLimiter.Verdict.CLOSE) {
            abusive = true;
            meters.limited("abuse");
            client.close(CloseReason.ABUSE);
            return Mono.empty();
        }
        meters.limited("ops_rate");
        client.reply(error(request.id(), new ProtocolError(ErrorCode.RATE_LIMITED,
                "too many requests: the request was not carried out", List.of())));
        return Mono.empty();
    }

    /** Carries out {@code request} (the one at connect too, which the rate does not count). */
    Mono<Void> carryOut(ClientRequest request) {
        if (request instanceof ClientRequest.Subscribe s) {
            client.subscribe(s.symbols(), s.options(), result -> subscribeReplies(s, result));
        }
        else if (request instanceof ClientRequest.Unsubscribe u) {
            client.unsubscribe(u.symbols());
            client.reply(replies.unsubscribed(u.id(), u.symbols()));
        }
        else if (request instanceof ClientRequest.Ping p) {
            client.reply(replies.pong(p.id(), Timestamps.nowMicros()));
        }
        else if (request instanceof ClientRequest.Auth a) {
            return authenticate(a);
        }
        else if (request instanceof ClientRequest.Invalid i) {
            client.reply(error(i.id(), i.error()));
        }
        return Mono.empty();
    }

    /** The session's answer as replies: its errors first, then the ack of what was subscribed. */
    private List<ControlMessage> subscribeReplies(ClientRequest.Subscribe request, SubscribeResult result) {
        List<ControlMessage> out = new ArrayList<>(2);
        result.errors().forEach(e -> out.add(error(request.id(), e)));
        if (result.subscribed() && !result.accepted().isEmpty()) {
            out.add(replies.subscribed(request.id(), result.accepted(), result.maxRate()));
        }
        return out;
    }

    /**
     * A fresh token for the same subject: its entitlements replace the old ones (symbols no longer
     * granted are unsubscribed and named in a {@code NOT_ENTITLED} error), and the connection now
     * ends at its expiry. Any other token is refused with {@code UNAUTHENTICATED}; the old one
     * stays, with its expiry.
     */
    private Mono<Void> authenticate(ClientRequest.Auth request) {
        JsonNode id = request.id();
        if (!callers.enabled()) {
            client.reply(error(id, ProtocolError.badRequest("authentication is off on this gateway")));
            return Mono.empty();
        }
        return callers.authenticate(request.token())
                .doOnNext(fresh -> {
                    if (!Objects.equals(fresh.subject(), caller.subject())) {
                        client.reply(error(id, unauthenticated(
                                "the token is for another subject: a connection keeps its subject")));
                        return;
                    }
                    caller = fresh;
                    List<String> revoked = client.entitle(fresh.entitlements());
                    if (!revoked.isEmpty()) {
                        client.reply(error(id, ProtocolError.naming(ErrorCode.NOT_ENTITLED,
                                "no longer entitled, unsubscribed", revoked)));
                    }
                    client.expireAt(fresh.endsAt());
                    client.reply(replies.authenticated(id, fresh.expiresAt()));
                })
                .onErrorResume(e -> {
                    client.reply(error(id, unauthenticated(e.getMessage() != null && e.getMessage().contains("expired")
                            ? "the token has expired" : "the token was refused")));
                    return Mono.empty();
                })
                .then();
    }

    private static ProtocolError unauthenticated(String message) {
        return new ProtocolError(ErrorCode.UNAUTHENTICATED, message, List.of());
    }

    private ControlMessage error(JsonNode id, ProtocolError error) {
        meters.protocolError(error.code());
        return replies.error(id, error);
    }
}
