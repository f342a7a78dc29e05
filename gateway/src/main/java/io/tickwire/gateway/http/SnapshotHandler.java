package io.tickwire.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.SymbolInfo;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.EncodedQuote;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.metrics.GatewayMeters;
import io.tickwire.gateway.transport.ApiError;
import io.tickwire.gateway.transport.SymbolSelection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The polling side of the contract (PROTOCOL.md §4): {@code GET /api/symbols} and
 * {@code GET /api/quotes?symbols=…}. Quotes are served from the hub's snapshot as the bytes the
 * hub already encoded; nothing is serialised again per request.
 */
public final class SnapshotHandler {

    private final QuoteHub hub;
    private final GatewayMeters meters;
    private final byte[] symbolsJson;

    public SnapshotHandler(QuoteHub hub, GatewayMeters meters, ObjectMapper mapper) {
        this.hub = hub;
        this.meters = meters;
        try {
            // The universe is fixed for the life of the feed: encode it once.
            this.symbolsJson = mapper.writeValueAsBytes(hub.symbols());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code [{"symbol":"AAPL","name":"Apple Inc."}, …]}, most active first. */
    public Mono<ServerResponse> symbols(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(symbolsJson);
    }

    /**
     * {@code {"seq":<latest feed seq>,"quotes":[…]}}: the latest quote of each requested symbol
     * that has one, in request order; every symbol when {@code symbols} is absent or {@code *}.
     */
    public Mono<ServerResponse> quotes(ServerRequest request) {
        List<String> asked = SymbolSelection.parseCsv(request.queryParam("symbols").orElse(null));
        ApiError error = SymbolSelection.unknown(hub, asked);
        if (error != null) {
            return error.toResponse(meters);
        }
        // Read the seq first: every quote served is at least as new, so polling with it as the cursor misses nothing.
        long seq = hub.latestSeq();
        List<byte[]> quotes = new ArrayList<>();
        if (asked.isEmpty() || asked.contains(ClientSession.ALL)) {
            for (SymbolInfo s : hub.symbols()) {
                add(quotes, hub.latest(s.symbol()));
            }
        }
        else {
            asked.forEach(s -> add(quotes, hub.latest(s)));
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(envelope(seq, quotes));
    }

    private static void add(List<byte[]> out, EncodedQuote q) {
        if (q != null) {
            out.add(q.json());
        }
    }

    /** {@code {"seq":…,"quotes":[…]}} around quotes already encoded. */
    static byte[] envelope(long seq, List<byte[]> quotes) {
        int size = 32;
        for (byte[] q : quotes) {
            size += q.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(("{\"seq\":" + seq + ",\"quotes\":[").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < quotes.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(quotes.get(i));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
