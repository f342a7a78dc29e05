package io.tickwire.gateway.transport;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.QuoteHub;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's list of symbols as the transports read it: tickers are trimmed and upper-cased
 * ({@code aapl} means {@code AAPL}), duplicates dropped, order kept; {@code *} means every symbol.
 */
public final class SymbolSelection {

    private SymbolSelection() {
    }

    /** One ticker as a client wrote it, in the form the feed uses. */
    public static String normalize(String raw) {
        return raw.trim().toUpperCase(Locale.ROOT);
    }

    /** A comma-separated query parameter; empty if {@code csv} is null or blank. */
    public static List<String> parseCsv(String csv) {
        Set<String> out = new LinkedHashSet<>();
        if (csv != null) {
            for (String part : csv.split(",")) {
                String s = normalize(part);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** {@link ErrorCode#UNKNOWN_SYMBOL} naming every symbol the feed does not carry, or {@code null}. */
    public static ApiError unknown(QuoteHub hub, List<String> symbols) {
        List<String> unknown = symbols.stream()
                .filter(s -> !ClientSession.ALL.equals(s) && !hub.carries(s)).toList();
        return unknown.isEmpty() ? null
                : new ApiError(ErrorCode.UNKNOWN_SYMBOL, "unknown symbol: " + String.join(", ", unknown), unknown);
    }

    /** {@link ErrorCode#LIMIT_EXCEEDED} if one connection may not hold {@code symbols}, or {@code null}. */
    public static ApiError overLimit(QuoteHub hub, List<String> symbols) {
        int count = symbols.contains(ClientSession.ALL) ? hub.symbols().size() : symbols.size();
        int limit = hub.settings().maxSymbolsPerConnection();
        return count <= limit ? null : new ApiError(ErrorCode.LIMIT_EXCEEDED,
                count + " symbols requested, at most " + limit + " per connection", List.of());
    }
}
