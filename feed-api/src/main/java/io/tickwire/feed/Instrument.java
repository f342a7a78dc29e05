package io.tickwire.feed;

import java.util.Objects;

/**
 * A symbol a feed carries, with its precision (PROTOCOL.md §1a): what it is, what it is priced
 * in, the price increment it trades in, and how many decimal places its prices and sizes have.
 * {@code EUR/USD} is an {@code fx} instrument with tick 0.00001 and 5 price decimals;
 * {@code BTC-USD} a {@code crypto} one with tick 0.01 and sizes to 8 decimals; an instrument
 * announced with a name only is an {@link #equity equity} in USD with tick 0.01 and whole shares.
 *
 * <p>{@link #refusal(Quote)} is the one reading of a quote against its instrument, used wherever a
 * quote enters (the hub, publishing over HTTP) and mirrored by the Redis function. It allocates
 * nothing for a good quote.
 *
 * @param symbol        {@link Symbols#PATTERN}
 * @param name          for display; 1 to {@value #MAX_NAME_LENGTH} characters
 * @param type          what kind of instrument it is
 * @param currency      what its prices are in: 1 to 12 of {@code A-Z0-9} ({@code USD}, {@code JPY}, {@code USDT})
 * @param tickSize      the price increment, a positive multiple of {@code 10^-priceDecimals}
 * @param priceDecimals decimal places of a price, 0..{@value Decimals#MAX_PRICE_DECIMALS}
 * @param sizeDecimals  decimal places of a size and of the volume, 0..{@value Decimals#MAX_SIZE_DECIMALS}
 */
public record Instrument(String symbol, String name, InstrumentType type, String currency,
                         double tickSize, int priceDecimals, int sizeDecimals) {

    public static final int MAX_NAME_LENGTH = 200;
    /** Most units one tick may span: 10^12, so the tick check stays exact in doubles. */
    static final long MAX_TICK_UNITS = 1_000_000_000_000L;

    public Instrument {
        if (!Symbols.isValid(symbol)) {
            throw new IllegalArgumentException("invalid symbol: symbols are " + Symbols.PATTERN);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(currency, "currency");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(symbol + ": name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!currency.matches("[A-Z0-9]{1,12}")) {
            throw new IllegalArgumentException(symbol + ": currency must be 1 to 12 of A-Z0-9, like USD");
        }
        if (priceDecimals < 0 || priceDecimals > Decimals.MAX_PRICE_DECIMALS) {
            throw new IllegalArgumentException(symbol + ": priceDecimals must be 0.." + Decimals.MAX_PRICE_DECIMALS);
        }
        if (sizeDecimals < 0 || sizeDecimals > Decimals.MAX_SIZE_DECIMALS) {
            throw new IllegalArgumentException(symbol + ": sizeDecimals must be 0.." + Decimals.MAX_SIZE_DECIMALS);
        }
        long tick = Decimals.units(tickSize, priceDecimals);
        if (!(tickSize > 0) || tick < 1 || tick > MAX_TICK_UNITS) {
            throw new IllegalArgumentException(symbol + ": tickSize " + Decimals.text(tickSize)
                    + " must be a positive multiple of " + Decimals.plain(1, priceDecimals, false)
                    + " (priceDecimals " + priceDecimals + ")");
        }
        tickSize = Decimals.value(tick, priceDecimals);
    }

    /** An equity in USD with tick 0.01 and whole shares: what a symbol announced with its name alone is. */
    public static Instrument equity(String symbol, String name) {
        return new Instrument(symbol, name, InstrumentType.EQUITY, "USD", 0.01, 2, 0);
    }

    /**
     * An instrument as a publisher defines it (PROTOCOL.md §7, §8), each field {@code null} when
     * left out and then taken as an equity would have it: the name is the symbol, the type
     * {@code equity}, the currency {@code USD}, {@code priceDecimals} the fewest places that write
     * {@code tickSize} (2 when that is left out too), {@code tickSize} one unit of
     * {@code priceDecimals}, {@code sizeDecimals} 0. The Redis function {@code tickwire_define}
     * applies the same defaults.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Instrument define(String symbol, String name, InstrumentType type, String currency,
                                    Double tickSize, Integer priceDecimals, Integer sizeDecimals) {
        int places;
        if (priceDecimals != null) {
            places = priceDecimals;
        }
        else if (tickSize == null) {
            places = 2;
        }
        else {
            places = fewestPlaces(tickSize);
            if (places < 0) {
                throw new IllegalArgumentException(symbol + ": tickSize " + Decimals.text(tickSize) + " has more than "
                        + Decimals.MAX_PRICE_DECIMALS + " decimals");
            }
        }
        if (places < 0 || places > Decimals.MAX_PRICE_DECIMALS) {
            throw new IllegalArgumentException(symbol + ": priceDecimals must be 0.." + Decimals.MAX_PRICE_DECIMALS);
        }
        return new Instrument(symbol, name == null ? symbol : name, type == null ? InstrumentType.EQUITY : type,
                currency == null ? "USD" : currency, tickSize == null ? Decimals.value(1, places) : tickSize,
                places, sizeDecimals == null ? 0 : sizeDecimals);
    }

    private static int fewestPlaces(double x) {
        for (int d = 0; d <= Decimals.MAX_PRICE_DECIMALS; d++) {
            if (Decimals.units(x, d) >= 1) {
                return d;
            }
        }
        return -1;
    }

    /** The tick in price units ({@code 10^-priceDecimals}): 25 for a 0.25 tick at 2 decimals. */
    public long tickUnits() {
        return Decimals.units(tickSize, priceDecimals);
    }

    /**
     * {@code price} in whole units of {@code 10^-priceDecimals} when it is a positive multiple of
     * the tick with at most {@code priceDecimals} places; else {@link Decimals#NOT_EXACT}. The one
     * reading of a price against this instrument: {@link #refusal} says why one fails it.
     */
    public long priceUnits(double price) {
        long units = Decimals.units(price, priceDecimals);
        return units >= 1 && units % tickUnits() == 0 ? units : Decimals.NOT_EXACT;
    }

    /**
     * {@code size} in whole units of {@code 10^-sizeDecimals} when it has at most
     * {@code sizeDecimals} places and is at least {@code least} units (1 for a size, 0 for the
     * volume); else {@link Decimals#NOT_EXACT}.
     */
    public long sizeUnits(double size, long least) {
        long units = Decimals.units(size, sizeDecimals);
        return units >= least ? units : Decimals.NOT_EXACT;
    }

    /**
     * Why {@code q} (a quote of this instrument) breaks its precision, or {@code null} if it does
     * not ({@code "bid 6012.1 is not a multiple of the tick 0.25"}): every price a multiple of the tick with at most {@code priceDecimals} places, every
     * size and the volume with at most {@code sizeDecimals}. The rest of §1 (bid &lt; ask, sizes
     * &gt; 0) the {@link Quote} constructor has checked.
     */
    public String refusal(Quote q) {
        String why = price("bid", q.bid());
        if (why == null) {
            why = price("ask", q.ask());
        }
        if (why == null) {
            why = price("last", q.last());
        }
        if (why == null) {
            why = price("open", q.open());
        }
        if (why == null) {
            why = size("bidSize", q.bidSize(), 1);
        }
        if (why == null) {
            why = size("askSize", q.askSize(), 1);
        }
        if (why == null) {
            why = size("lastSize", q.lastSize(), 1);
        }
        if (why == null) {
            why = size("volume", q.volume(), 0);
        }
        return why;
    }

    private String price(String field, double value) {
        if (priceUnits(value) != Decimals.NOT_EXACT) {
            return null;
        }
        if (Decimals.units(value, priceDecimals) < 1) {
            return field + " " + Decimals.text(value) + " has more than " + priceDecimals + " decimal"
                    + (priceDecimals == 1 ? "" : "s");
        }
        return field + " " + Decimals.text(value) + " is not a multiple of the tick " + Decimals.text(tickSize);
    }

    /** {@code least}: the fewest units the field may have (a size is &gt; 0, the volume &ge; 0). */
    private String size(String field, double value, long least) {
        if (sizeUnits(value, least) == Decimals.NOT_EXACT) {
            return field + " " + Decimals.text(value) + (sizeDecimals == 0 ? " is not a whole number"
                    : " is finer than " + Decimals.plain(1, sizeDecimals, false));
        }
        return null;
    }
}
