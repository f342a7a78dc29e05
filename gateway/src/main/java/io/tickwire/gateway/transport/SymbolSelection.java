package io.tickwire.gateway.transport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A client's list of symbols as the transports read it: trimmed, duplicates dropped, order kept;
 * {@code *} means every symbol. Symbols are case-sensitive ({@code EUR/USD}, {@code btcusdt}); the
 * hub reads {@code aapl} as {@code AAPL} where no {@code aapl} is carried. Whether the gateway
 * carries and grants them is the hub's to judge ({@code ClientSession.subscribe}).
 */
public final class SymbolSelection {

    private SymbolSelection() {
    }

    /** One symbol as a client wrote it, as the hub reads it. */
    public static String normalize(String raw) {
        return raw.trim();
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
