package io.tickwire.gateway.transport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A client's list of symbols as the transports read it: tickers are trimmed and upper-cased
 * ({@code aapl} means {@code AAPL}), duplicates dropped, order kept; {@code *} means every symbol.
 * Whether the gateway grants them is the hub's to judge ({@code ClientSession.subscribe}).
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
}
