package io.tickwire.gateway.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.TooLongFrameException;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Caller;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.OpsLimiter;
import io.tickwire.gateway.transport.ClientChannel;
import io.tickwire.gateway.transport.Entrance;
import io.tickwire.gateway.transport.SymbolSelection;
import io.tickwire.gateway.wire.Replies;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /ws} (PROTOCOL.md §2): subscribe, unsubscribe and ping over one WebSocket.
 *
 * <p>Requests are handled one at a time, in order, each answered before the next is read; while
 * a client leaves {@code 64} replies unread, its requests are not read either (TCP pushes back),
 * so no client can make the gateway buffer without bound. A malformed request is answered with
 * an error and the connection goes on; only a frame over the size limit (1009, by Netty's
 * decoder) or one that breaks RFC 6455 (1002 or 1007, by Netty's decoder and {@link FrameRules})
 * closes it. Outbound, each batch of the client's mailbox becomes one text frame ({@link FrameWriter}): a single
 * JSON object, or an array when several messages were ready; the mailbox hands over a batch only
 * while the channel is writable, so a stalled client holds at most Netty's high-water mark of
 * bytes beyond its conflated quotes. A client that falls behind under the {@code disconnect}
 * policy is closed with 4008; a silent peer is pinged and, past the idle timeout, closed
 * ({@link PeerLiveness}).
 */
public final class QuoteWebSocketHandler implements ClientChannel.Aware {

    private static final Logger log = LoggerFactory.getLogger(QuoteWebSocketHandler.class);
    private static final CloseStatus TOO_BIG = new CloseStatus(1009, "frame too large");
    private static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow consumer");
    private static final CloseStatus TOKEN_EXPIRED = new CloseStatus(1008, "token expired");
    private static final CloseStatus REVOKED = new CloseStatus(1008, "revoked");
    private static final CloseStatus ABUSE = new CloseStatus(1008, "too many requests");
    private static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "try again later");

    private final Callers callers;
    private final Entrance entrance;
    private final Supplier<OpsLimiter> opsLimiter;
    private final GatewayMeters meters;
    private final RequestParser parser;
    private final Replies replies;
    private final Duration pingInterval;
    private final Duration idleTimeout;

    /**
     * @param pingInterval a peer silent this long gets a protocol ping
     * @param idleTimeout  a peer silent this long is closed
     */
    public QuoteWebSocketHandler(GatewayMeters meters, ObjectMapper mapper, Callers callers,
                                 Entrance entrance, Supplier<OpsLimiter> opsLimiter,
                                 Duration pingInterval, Duration idleTimeout) {
        this.callers = callers;
        this.entrance = entrance;
        this.opsLimiter = opsLimiter;
        this.meters = meters;
        this.parser = new RequestParser(mapper);
        this.replies = new Replies(mapper);
        this.pingInterval = pingInterval;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session, ClientChannel channel) {
        FrameRules.enforce(channel.channel());
        PeerLiveness.watch(channel.channel(), pingInterval, idleTimeout);
        // Reactor Netty keeps the upgrade request and its 101 response for the connection's life; past the
        // handshake nothing reads their headers (the response's, CORS and security headers, are ~0.7 KB).
        Connection connection = Connection.from(channel.channel());
        if (connection instanceof HttpServerRequest upgrade) {
            upgrade.requestHeaders().clear();
        }
        if (connection instanceof HttpServerResponse upgraded) {
            upgraded.responseHeaders().clear();
        }
        // PROTOCOL.md §2: over a connection limit of this node, the client is to try again later (elsewhere).
        return entrance.enter(session.getHandshakeInfo().getPrincipal(), address(session), channel, Transport.WS,
                limit -> session.close(TRY_AGAIN_LATER),
                (client, caller) -> channel.stream(client, c -> serve(session, channel, c, caller)).then());
    }

    private static String address(WebSocketSession session) {
        InetSocketAddress remote = session.getHandshakeInfo().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private Mono<Void> serve(WebSocketSession session, ClientChannel channel, ClientSession client, Caller caller) {
        ConnectionRequests requests = new ConnectionRequests(client, caller, callers, replies, meters,
                opsLimiter.get());
        List<String> atConnect = SymbolSelection.parseCsv(queryParam(session, "symbols"));
        if (!atConnect.isEmpty()) {
            requests.carryOut(new ClientRequest.Subscribe(null, atConnect, SubscribeOptions.NONE));
        }

        Mono<Void> input = session.receive()
                .map(parser::parse)
                .concatMap(request -> requests.apply(request).then(client.replyRoom()), 1)
                .onErrorResume(e -> onInboundError(session, e))
                .then()
                // The client is gone or has closed: end the outbound stream too.
                .doFinally(signal -> client.close(CloseReason.CLIENT_CLOSED));

        Mono<Void> output = FrameWriter.writeAll(channel.channel(), client.lentOutbound())
                .then(Mono.defer(() -> close(session, channel, client.closeReason())));

        return Mono.zip(input, output).then();
    }

    private static Mono<Void> close(WebSocketSession session, ClientChannel channel, CloseReason reason) {
        if (reason == CloseReason.SERVER_SHUTDOWN && !channel.channel().isWritable()) {
            // A stalled peer would keep the close frame, and the shutdown, waiting behind its unread bytes.
            channel.channel().close();
            return Mono.empty();
        }
        FrameRules.closeAtLatestAfterBound(channel.channel());
        return session.close(switch (reason == null ? CloseReason.CLIENT_CLOSED : reason) {
            case SERVER_SHUTDOWN -> CloseStatus.GOING_AWAY;
            case SLOW_CONSUMER -> SLOW_CONSUMER;
            case TOKEN_EXPIRED -> TOKEN_EXPIRED;
            case ABUSE -> ABUSE;
            case REVOKED -> REVOKED;
            case CLIENT_CLOSED -> CloseStatus.NORMAL;
        });
    }

    /**
     * The first value of {@code name} in the query, decoded; null when absent or without a value.
     * Read from the raw query directly: parsing every parameter with {@code UriComponentsBuilder}
     * (regular expressions, a multi-value map) was a visible part of a handshake's cost in a storm.
     */
    private static String queryParam(WebSocketSession session, String name) {
        String query = session.getHandshakeInfo().getUri().getRawQuery();
        if (query == null) {
            return null;
        }
        for (int from = 0; from <= query.length(); ) {
            int end = query.indexOf('&', from);
            end = end < 0 ? query.length() : end;
            int eq = query.indexOf('=', from);
            int keyEnd = eq < 0 || eq > end ? end : eq;
            if (keyEnd - from == name.length() && query.startsWith(name, from)) {
                return keyEnd == end ? null : UriUtils.decode(query.substring(keyEnd + 1, end), StandardCharsets.UTF_8);
            }
            from = end + 1;
        }
        return null;
    }

    private Mono<Void> onInboundError(WebSocketSession session, Throwable e) {
        if (e instanceof TooLongFrameException) {
            // A fragmented message over the limit: Netty's aggregator refuses it, we close as for one big frame.
            return session.close(TOO_BIG);
        }
        log.debug("WebSocket {} inbound ended: {}", session.getId(), e.toString());
        return Mono.empty();
    }
}
