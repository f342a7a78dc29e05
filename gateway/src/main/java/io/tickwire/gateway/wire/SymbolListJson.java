package io.tickwire.gateway.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.SymbolInfo;
import java.util.List;

/** {@code [{"symbol":"AAPL","name":"Apple Inc."}, …]} (PROTOCOL.md §4): the body of {@code /api/symbols}. */
public final class SymbolListJson {

    private SymbolListJson() {
    }

    public static byte[] encode(ObjectMapper mapper, List<SymbolInfo> symbols) {
        try {
            return mapper.writeValueAsBytes(symbols);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the symbol list", e);
        }
    }
}
