package io.tickwire.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Instrument;
import io.tickwire.gateway.hub.Entitlements;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Snapshot;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.transport.HttpErrors;
import io.tickwire.gateway.transport.SymbolSelection;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.QuoteEnvelope;
import io.tickwire.gateway.wire.InstrumentListJson;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The one-off side of the contract (PROTOCOL.md §4): {@code GET /api/symbols} and
 * {@code GET /api/quotes?symbols=…}. Quotes are served from the hub's snapshot as the bytes the
 * hub already encoded; nothing is serialised again per request.
 */
public final class SnapshotHandler {

    private final QuoteHub hub;
    private final GatewayMeters meters;
    private final ObjectMapper mapper;
    private final Callers callers;
    /** The instrument list and its JSON, encoded again only when the feed defines instruments; null before the first. */
    private volatile Encoded symbols;

    public SnapshotHandler(QuoteHub hub, GatewayMeters meters, ObjectMapper mapper, Callers callers) {
        this.hub = hub;
        this.meters = meters;
        this.mapper = mapper;
        this.callers = callers;
    }

    /** {@code [{"symbol":"AAPL","name":"Apple Inc.","type":"equity",…}, …]} (§1a), most active first: those the caller may see. */
    public Mono<ServerResponse> symbols(ServerRequest request) {
        return callers.of(request.principal()).flatMap(caller -> {
            if (caller.entitlements() != Entitlements.ALL) {
                return ok(InstrumentListJson.encode(mapper, hub.instruments(caller.entitlements())));
            }
            List<Instrument> now = hub.instruments();
            Encoded e = symbols;
            if (e == null || e.list() != now) {
                e = new Encoded(now, InstrumentListJson.encode(mapper, now));
                symbols = e;
            }
            return ok(e.json());
        });
    }

    private static Mono<ServerResponse> ok(byte[] json) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json);
    }

    private record Encoded(List<Instrument> list, byte[] json) {
    }

    /**
     * {@code {"seq":<latest feed seq>,"quotes":[…]}}: the latest quote of each requested symbol
     * that has one, in request order; every symbol when {@code symbols} is absent or {@code *}.
     * A request naming a symbol the hub refuses is answered with the refusal, as a stream would be.
     */
    public Mono<ServerResponse> quotes(ServerRequest request) {
        List<String> asked = SymbolSelection.parseCsv(request.queryParam("symbols").orElse(null));
        return callers.of(request.principal()).flatMap(caller -> {
            Snapshot snapshot = hub.snapshot(asked, caller.entitlements());
            if (!snapshot.errors().isEmpty()) {
                return HttpErrors.respond(snapshot.errors().get(0), meters);
            }
            List<byte[]> quotes = snapshot.quotes().stream().map(EncodedQuote::json).toList();
            return ok(QuoteEnvelope.encode(snapshot.seq(), quotes));
        });
    }
}
