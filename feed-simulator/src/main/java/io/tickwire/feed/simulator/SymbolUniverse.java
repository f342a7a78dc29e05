package io.tickwire.feed.simulator;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.Symbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The instruments a simulated feed carries, each with its {@link SymbolProfile}, most active first.
 *
 * <p>Three ways to make one, matching {@code tickwire.feed.symbols}: the built-in market of
 * {@code universe.psv} (real US equities and ETFs, FX majors and crosses, coins against the
 * dollar, index and commodity futures, interleaved by activity so that the first ten already hold
 * every kind); a count {@code N} (the N most active built-ins, then made-up four-letter
 * equity tickers up to {@value #MAX_SYMBOLS}); or an explicit list (built-ins keep their profile,
 * any other symbol becomes a made-up equity derived from the symbol alone, so the same list always
 * starts at the same prices). Symbols are case-sensitive and kept as written. Immutable.
 */
public final class SymbolUniverse {

    /** The most symbols one feed may carry. */
    public static final int MAX_SYMBOLS = 10_000;

    private static final String[] NAME_STEMS = {
        "Apex", "Bluewater", "Cedar", "Delta Ridge", "Evergreen", "Frontier", "Granite", "Harbor",
        "Ironwood", "Juniper", "Keystone", "Lumen", "Meridian", "Northgate", "Orion", "Pioneer",
        "Quantum", "Redwood", "Summit", "Titan", "Unity Bay", "Vertex", "Westfield", "Zenith"};
    private static final String[] NAME_TRADES = {
        "Bancorp", "Biosciences", "Energy", "Foods", "Industries", "Logistics", "Materials",
        "Networks", "Pharmaceuticals", "Realty", "Semiconductor", "Software", "Systems",
        "Therapeutics", "Utilities", "Aerospace"};
    private static final String[] NAME_FORMS = {"Inc.", "Corp.", "Holdings", "Group", "Co.", "plc"};
    private static final int FOUR_LETTER_TICKERS = 26 * 26 * 26 * 26;

    private static final List<SymbolProfile> BUILT_IN = UniverseResource.load();

    private final List<SymbolProfile> profiles;

    private SymbolUniverse(List<SymbolProfile> profiles) {
        if (profiles.isEmpty() || profiles.size() > MAX_SYMBOLS) {
            throw new IllegalArgumentException(
                    "a feed carries 1 to " + MAX_SYMBOLS + " symbols, not " + profiles.size());
        }
        this.profiles = List.copyOf(profiles);
    }

    /** The built-in market: every kind of instrument, most active first. */
    public static SymbolUniverse builtIn() {
        return new SymbolUniverse(BUILT_IN);
    }

    /**
     * Reads the {@code tickwire.feed.symbols} setting: blank for the built-in market, a number
     * for that many symbols, or a comma-separated list of symbols.
     */
    public static SymbolUniverse parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty()) {
            return builtIn();
        }
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                return ofCount(Integer.parseInt(s));
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("symbol count out of range: " + s, e);
            }
        }
        List<String> symbols = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                symbols.add(t);
            }
        }
        return ofSymbols(symbols);
    }

    /** The {@code n} most active built-in instruments, then made-up equity tickers up to {@code n}. */
    public static SymbolUniverse ofCount(int n) {
        if (n < 1 || n > MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbol count must be 1.." + MAX_SYMBOLS + ", not " + n);
        }
        List<SymbolProfile> out = new ArrayList<>(BUILT_IN.subList(0, Math.min(n, BUILT_IN.size())));
        Map<String, SymbolProfile> builtIn = builtInBySymbol();
        // A fixed bijection over the four-letter tickers scatters the made-up ones over the alphabet.
        for (long k = 0; out.size() < n; k++) {
            String ticker = fourLetters((int) ((k * 7919 + 104_729) % FOUR_LETTER_TICKERS));
            if (!builtIn.containsKey(ticker)) {
                out.add(madeUp(ticker, out.size()));
            }
        }
        return new SymbolUniverse(out);
    }

    /** Exactly these symbols (trimmed, case kept, duplicates dropped), in this order. */
    public static SymbolUniverse ofSymbols(List<String> symbols) {
        Map<String, SymbolProfile> builtIn = builtInBySymbol();
        Map<String, SymbolProfile> out = new LinkedHashMap<>();
        for (String raw : symbols) {
            String t = raw.trim();
            if (!Symbols.isValid(t)) {
                throw new IllegalArgumentException("invalid symbol '" + raw + "': symbols are " + Symbols.PATTERN);
            }
            out.computeIfAbsent(t, k -> builtIn.containsKey(k) ? builtIn.get(k) : madeUp(k, -1));
        }
        return new SymbolUniverse(new ArrayList<>(out.values()));
    }

    /** Profiles, most active first. */
    public List<SymbolProfile> profiles() {
        return profiles;
    }

    /** The instruments, each at its own precision, most active first. */
    public List<Instrument> instruments() {
        return profiles.stream().map(SymbolProfile::instrument).toList();
    }

    public int size() {
        return profiles.size();
    }

    private static Map<String, SymbolProfile> builtInBySymbol() {
        Map<String, SymbolProfile> m = new LinkedHashMap<>();
        BUILT_IN.forEach(p -> m.put(p.symbol(), p));
        return m;
    }

    private static String fourLetters(int v) {
        char[] c = new char[4];
        for (int i = 3; i >= 0; i--) {
            c[i] = (char) ('A' + v % 26);
            v /= 26;
        }
        return new String(c);
    }

    /**
     * A plausible US equity derived from the symbol alone, so that it does not depend on the seed
     * or on the other symbols. {@code nameIndex} picks a name; -1 derives it from the symbol too.
     */
    private static SymbolProfile madeUp(String symbol, int nameIndex) {
        SplittableRandom r = new SplittableRandom(symbol.hashCode() * 0x9E3779B97F4A7C15L);
        int k = nameIndex >= 0 ? nameIndex : r.nextInt(1 << 20);
        String name = NAME_STEMS[k % NAME_STEMS.length] + " "
                + NAME_TRADES[(k / NAME_STEMS.length) % NAME_TRADES.length] + " "
                + NAME_FORMS[(k / (NAME_STEMS.length * NAME_TRADES.length)) % NAME_FORMS.length];
        // Log-uniform price between $2 and $400, volatility 20-80 %.
        double price = Math.exp(Math.log(2) + r.nextDouble() * (Math.log(400) - Math.log(2)));
        double onTick = Math.max(1, Math.round(price * 100)) / 100.0;
        return SymbolProfile.equity(symbol, name, onTick, 0.2 + 0.6 * r.nextDouble());
    }
}
