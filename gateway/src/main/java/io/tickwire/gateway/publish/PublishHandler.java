package io.tickwire.gateway.publish;

import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.hub.Entitlements;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.publish.PublishedJson.Item;
import io.tickwire.gateway.security.Caller;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.transport.HttpErrors;
import io.tickwire.gateway.transport.RequestBodies;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/publish} and {@code POST /api/instruments} (PROTOCOL.md §8): quotes and
 * instruments from any program that can send HTTP, into this node's {@link QuoteSink}.
 *
 * <p>In order, each refusal publishing nothing: a node whose feed is its simulator answers 409
 * {@code NOT_PUBLISHABLE}; a caller who may not publish 403 {@code NOT_ENTITLED} (with
 * authentication off, publishing is closed unless {@code tickwire.publish.enabled}; with it on, the
 * token's {@code publish} list must cover every symbol of the request); a body over 4 MB 413, over
 * 10,000 items or not a JSON array 400; then the first bad item 400 {@code BAD_QUOTE} /
 * {@code BAD_INSTRUMENT} with its {@code index} and why, whether this node's reading found it or
 * the sink's (its instrument's precision, an unknown symbol). Taken whole: 200
 * {@code {"count":n,"firstSeq":a,"lastSeq":b}} ({@code {"count":n}} for instruments).
 *
 * <p>The body is read whole, at most 4 MB, before anything is parsed; the sink sees only a request
 * every item of which reads.
 */
public final class PublishHandler {

    /** Most quotes or instruments in one request. */
    public static final int MAX_ITEMS = 10_000;
    /** Largest body, in bytes: 4 MB. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private final QuoteSink sink;
    private final Callers callers;
    private final boolean openWithoutAuth;
    private final GatewayMeters meters;

    /**
     * @param sink            where published quotes go; {@code null} on a node whose feed is its simulator
     * @param openWithoutAuth {@code tickwire.publish.enabled}: anyone may publish while authentication is off
     */
    public PublishHandler(QuoteSink sink, Callers callers, boolean openWithoutAuth, GatewayMeters meters) {
        this.sink = sink;
        this.callers = callers;
        this.openWithoutAuth = openWithoutAuth;
        this.meters = meters;
    }

    public Mono<ServerResponse> publish(ServerRequest request) {
        return take(request, "quotes", ErrorCode.BAD_QUOTE, body -> PublishedJson.quotes(body, Timestamps.nowMicros()),
                items -> sink.publish(items).map(p -> {
                    meters.published(p.count());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("count", p.count());
                    out.put("firstSeq", p.firstSeq());
                    out.put("lastSeq", p.lastSeq());
                    return out;
                }));
    }

    public Mono<ServerResponse> instruments(ServerRequest request) {
        return take(request, "instruments", ErrorCode.BAD_INSTRUMENT, PublishedJson::instruments,
                items -> sink.define(items).map(n -> {
                    meters.defined(n);
                    return Map.<String, Object>of("count", n);
                }));
    }

    private <T> Mono<ServerResponse> take(ServerRequest request, String what, ErrorCode bad,
                                          Function<byte[], List<Item<T>>> read,
                                          Function<List<Item<T>>, Mono<Map<String, Object>>> publish) {
        if (sink == null) {
            return refuse(new ProtocolError(ErrorCode.NOT_PUBLISHABLE, "this node's feed is its simulator "
                    + "(tickwire.feed.source=simulator): publish to a node whose source is http or redis", List.of()));
        }
        if (request.headers().contentLength().orElse(0) > MAX_BYTES) {
            return tooLarge();
        }
        return callers.of(request.principal()).flatMap(caller -> {
            Entitlements may = publishing(caller);
            if (may == null) {
                return refuse(new ProtocolError(ErrorCode.NOT_ENTITLED, "publishing over HTTP is off on this gateway "
                        + "(authentication is off and tickwire.publish.enabled is not true)", List.of()));
            }
            return RequestBodies.read(request, MAX_BYTES)
                    .flatMap(body -> judge(body, what, bad, read, may, publish))
                    .onErrorResume(DataBufferLimitException.class, e -> tooLarge());
        });
    }

    private <T> Mono<ServerResponse> judge(byte[] body, String what, ErrorCode bad,
                                           Function<byte[], List<Item<T>>> read, Entitlements may,
                                           Function<List<Item<T>>, Mono<Map<String, Object>>> publish) {
        List<Item<T>> items;
        try {
            items = read.apply(body);
        }
        catch (PublishedJson.NotAnArray e) {
            return refuse(ProtocolError.badRequest(e.getMessage()));
        }
        if (items.isEmpty()) {
            return refuse(ProtocolError.badRequest("the array holds no " + what));
        }
        if (items.size() > MAX_ITEMS) {
            return refuse(new ProtocolError(ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_ITEMS + " " + what
                    + " a request, not " + items.size(), List.of()));
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).error() != null) {
                return refuseItem(bad, what, items, i, items.get(i).error());
            }
        }
        Set<String> denied = new LinkedHashSet<>();
        for (Item<T> item : items) {
            if (!may.allows(item.symbol())) {
                denied.add(item.symbol());
            }
        }
        if (!denied.isEmpty()) {
            return refuse(ProtocolError.naming(ErrorCode.NOT_ENTITLED, "not entitled to publish",
                    new ArrayList<>(denied)));
        }
        return publish.apply(items)
                .flatMap(out -> ServerResponse.ok().bodyValue(out))
                .onErrorResume(PublishRefusedException.class, e -> e.index() < 0
                        ? refuse(new ProtocolError(e.code(), e.getMessage(), List.of()))
                        : refuseItem(e.code(), what, items, e.index(), e.getMessage()));
    }

    /** With authentication on, the token's publish list; off, everything or (closed) {@code null}. */
    private Entitlements publishing(Caller caller) {
        if (callers.enabled()) {
            return caller.publishing();
        }
        return openWithoutAuth ? Entitlements.ALL : null;
    }

    private <T> Mono<ServerResponse> refuseItem(ErrorCode code, String what, List<Item<T>> items, int index,
                                                String why) {
        Item<T> item = index < items.size() ? items.get(index) : null;
        String symbol = item == null || item.symbol() == null ? "?" : ProtocolError.quote(item.symbol());
        ProtocolError error = new ProtocolError(code, what + "[" + index + "] (" + symbol + "): " + why, List.of());
        return HttpErrors.respond(error, Map.of("index", index), meters);
    }

    private Mono<ServerResponse> tooLarge() {
        return HttpErrors.respond(new ProtocolError(ErrorCode.LIMIT_EXCEEDED, "the body is over " + MAX_BYTES
                + " bytes (4 MB): send fewer in a request", List.of()), Map.of(), HttpStatus.PAYLOAD_TOO_LARGE, meters);
    }

    private Mono<ServerResponse> refuse(ProtocolError error) {
        return HttpErrors.respond(error, meters);
    }
}
