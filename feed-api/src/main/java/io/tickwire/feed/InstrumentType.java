package io.tickwire.feed;

import java.util.Locale;

/** What kind of instrument a symbol is (PROTOCOL.md §1a); its wire name is the lower-case constant. */
public enum InstrumentType {
    EQUITY, ETF, FX, CRYPTO, FUTURE, INDEX, OTHER;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** {@code equity}, {@code etf}, {@code fx}, {@code crypto}, {@code future}, {@code index} or {@code other}. */
    public String wireName() {
        return wire;
    }

    /** The type whose wire name is {@code name}, or {@code null} for any other text. */
    public static InstrumentType of(String name) {
        for (InstrumentType t : values()) {
            if (t.wire.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
