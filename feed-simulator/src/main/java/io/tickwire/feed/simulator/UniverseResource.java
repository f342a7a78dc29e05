package io.tickwire.feed.simulator;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the built-in market, {@value #NAME}: one symbol a line, most active first, in the format
 * its header documents ({@code symbol|name|price|volatility|type|currency|tick|sizeDecimals|lot|book|trade}).
 * A line of four fields, or of five whose type is {@code equity} or {@code etf}, is a US stock.
 * The tick is written with exactly the decimals of a price, so {@code 0.25} makes prices of two
 * decimals and {@code 0.015625} of six.
 */
final class UniverseResource {

    static final String NAME = "universe.psv";

    private static final int STOCK_FIELDS = 5;
    private static final int ALL_FIELDS = 11;

    private UniverseResource() {
    }

    /** The profiles of {@value #NAME}, in its order. */
    static List<SymbolProfile> load() {
        List<SymbolProfile> out = new ArrayList<>();
        try (InputStream in = UniverseResource.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + NAME);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try {
                    out.add(profile(line.split("\\|", -1)));
                }
                catch (RuntimeException e) {
                    throw new IllegalStateException(NAME + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(out);
    }

    private static SymbolProfile profile(String[] f) {
        String symbol = f[0];
        String name = f[1];
        double price = Double.parseDouble(f[2]);
        double volatility = Double.parseDouble(f[3]);
        InstrumentType type = f.length >= STOCK_FIELDS ? InstrumentType.of(f[4]) : InstrumentType.EQUITY;
        if (type == null) {
            throw new IllegalArgumentException("unknown type " + f[4]);
        }
        boolean stock = type == InstrumentType.EQUITY || type == InstrumentType.ETF;
        if (f.length <= STOCK_FIELDS && stock) {
            Instrument equity = Instrument.equity(symbol, name);
            Instrument instrument = new Instrument(symbol, name, type, equity.currency(), equity.tickSize(),
                    equity.priceDecimals(), equity.sizeDecimals());
            return new SymbolProfile(instrument, price, volatility, Venue.STOCK_EXCHANGE, SizeModel.ROUND_LOTS);
        }
        if (f.length != ALL_FIELDS) {
            throw new IllegalArgumentException(symbol + ": expected 4, 5 or " + ALL_FIELDS + " fields, not " + f.length);
        }
        String tick = f[6];
        int priceDecimals = tick.indexOf('.') < 0 ? 0 : tick.length() - tick.indexOf('.') - 1;
        int sizeDecimals = Integer.parseInt(f[7]);
        Instrument instrument = new Instrument(symbol, name, type, f[5], Double.parseDouble(tick), priceDecimals,
                sizeDecimals);
        SizeModel sizes = SizeModel.typical(units(f[8], sizeDecimals), units(f[9], sizeDecimals),
                units(f[10], sizeDecimals));
        return SymbolProfile.of(instrument, price, volatility, sizes);
    }

    /** A quantity as written, in units of {@code 10^-decimals}. */
    private static long units(String quantity, int decimals) {
        long u = Decimals.units(Double.parseDouble(quantity), decimals);
        if (u < 1) {
            throw new IllegalArgumentException("size " + quantity + " is not a positive multiple of "
                    + Decimals.plain(1, decimals, false));
        }
        return u;
    }
}
