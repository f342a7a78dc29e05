package io.tickwire.feed;

import java.util.Objects;

/**
 * A symbol a feed carries, with the issuer's name for display.
 *
 * @param symbol upper-case ticker, {@code [A-Z0-9.-]{1,12}}
 * @param name   issuer or fund name
 */
public record SymbolInfo(String symbol, String name) {

    public SymbolInfo {
        if (!Symbols.isValid(symbol)) {
            throw new IllegalArgumentException("invalid symbol: " + symbol);
        }
        Objects.requireNonNull(name, "name");
    }
}
