package io.tickwire.gateway.http;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.history.BarHistory;
import io.tickwire.gateway.history.BarInterval;
import io.tickwire.gateway.history.Bars;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Snapshot;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.transport.HttpErrors;
import io.tickwire.gateway.transport.SymbolSelection;
import io.tickwire.gateway.wire.BarsJson;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/bars?symbol=AAPL&interval=1s|1m&limit=N}: a symbol's recent OHLC + volume bars
 * from the {@link BarHistory}, newest {@code limit} of the interval's window (all of it by
 * default), oldest first, with {@code from}, the start of the oldest interval this node has whole,
 * and the instrument's precision, at which every price and volume is written.
 *
 * <p>The symbol is judged as {@code /api/quotes} judges it (the hub's snapshot: unknown, then not
 * entitled), so a caller gets the same refusal here as anywhere; a request that names no symbol,
 * several, or a bad {@code interval} or {@code limit} is a 400 {@code BAD_REQUEST}.
 */
public final class BarsHandler {

    private final QuoteHub hub;
    private final BarHistory history;
    private final GatewayMeters meters;
    private final Callers callers;

    public BarsHandler(QuoteHub hub, BarHistory history, GatewayMeters meters, Callers callers) {
        this.hub = hub;
        this.history = history;
        this.meters = meters;
        this.callers = callers;
    }

    public Mono<ServerResponse> bars(ServerRequest request) {
        return callers.of(request.principal()).flatMap(caller -> {
            List<String> raw = request.queryParams().getOrDefault("symbol", List.of());
            List<String> asked = SymbolSelection.parseCsv(String.join(",", raw));
            if (asked.isEmpty() || asked.size() > 1 || raw.size() > 1 || ClientSession.ALL.equals(asked.get(0))) {
                return refuse(ProtocolError.badRequest("'symbol' must name exactly one symbol, e.g. symbol=AAPL"));
            }
            String label = request.queryParam("interval").orElse(BarInterval.SECOND.label());
            BarInterval interval = BarInterval.of(label.trim());
            if (interval == null) {
                return refuse(ProtocolError.badRequest("'interval' must be 1s or 1m, not '"
                        + ProtocolError.quote(label) + "'"));
            }
            int window = history.settings().bars(interval);
            int limit = limit(request.queryParam("limit").orElse(null), window);
            if (limit < 0) {
                return refuse(ProtocolError.badRequest("'limit' must be an integer in 1.." + window + " for "
                        + interval.label() + ", not '" + ProtocolError.quote(request.queryParam("limit").get()) + "'"));
            }
            String symbol = asked.get(0);
            Snapshot judged = hub.snapshot(asked, caller.entitlements());
            if (!judged.errors().isEmpty()) {
                return refuse(judged.errors().get(0));
            }
            Instrument instrument = hub.instrument(symbol);
            Bars bars = history.bars(instrument.symbol(), interval, limit);
            BarsJson json = new BarsJson(instrument, interval.label(), bars.from(), bars.size());
            for (int i = 0; i < bars.size(); i++) {
                json.bar(bars.start(i), bars.open(i), bars.high(i), bars.low(i), bars.close(i), bars.volume(i));
            }
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.finish());
        });
    }

    /** {@code raw} as a limit in 1..window; the window when absent; -1 when wrong. */
    private static int limit(String raw, int window) {
        if (raw == null) {
            return window;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            return v >= 1 && v <= window ? v : -1;
        }
        catch (NumberFormatException e) {
            return -1;
        }
    }

    private Mono<ServerResponse> refuse(ProtocolError error) {
        return HttpErrors.respond(error, meters);
    }
}
