package io.tickwire.feed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FCALL tickwire_publish} and {@code tickwire_define} as any publisher calls them
 * (PROTOCOL.md §7), against a real redis-server: a quote in the plain form takes the function's
 * fast path, any other form the JSON-decoding one, and both must write the same quote and refuse
 * the same way, at each instrument's precision.
 */
class PublishFunctionTest {

    static final String CANONICAL = "{\"symbol\":\"AAPL\",\"ts\":1763712000000001,\"bid\":189.31,\"ask\":189.33,"
            + "\"last\":189.32,\"bidSize\":100,\"askSize\":200,\"lastSize\":100,\"volume\":5000,\"open\":188.00}";
    /** The same quote, fields in another order, spaces, prices as JavaScript prints them. */
    static final String LOOSE = "{ \"ts\": 1763712000000001, \"symbol\": \"AAPL\", \"open\": 188, \"bid\": 189.31,"
            + " \"ask\": 189.33, \"last\": 189.32, \"bidSize\": 100, \"askSize\": 200, \"lastSize\": 100, \"volume\": 5000 }";

    @TempDir
    Path dir;
    RedisServer redis;
    RedisClient client;
    StatefulRedisConnection<String, String> connection;
    RedisCommands<String, String> commands;

    @BeforeEach
    void start() {
        redis = RedisServer.start(dir);
        client = RedisClient.create(redis.url());
        connection = client.connect();
        commands = connection.sync();
        commands.functionLoad(FunctionLibrary.source(), true);
        commands.hset(RedisKeys.SYMBOLS, "AAPL", "Apple Inc.");
        commands.hset(RedisKeys.SYMBOLS, "MSFT", "Microsoft Corporation");
        define("{\"symbol\":\"EUR/USD\",\"name\":\"Euro / US Dollar\",\"type\":\"fx\",\"tickSize\":0.00001}",
                "{\"symbol\":\"BTC-USD\",\"name\":\"Bitcoin\",\"type\":\"crypto\",\"tickSize\":0.01,\"sizeDecimals\":8}",
                "{\"symbol\":\"ESZ6\",\"name\":\"E-mini S&P 500 Dec 2026\",\"type\":\"future\",\"tickSize\":0.25}");
    }

    long define(String... instruments) {
        return commands.fcall(FunctionLibrary.DEFINE, ScriptOutputType.INTEGER, new String[0], instruments);
    }

    @AfterEach
    void stop() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    List<Long> publish(String... quotes) {
        return commands.fcall(FunctionLibrary.PUBLISH, ScriptOutputType.MULTI, new String[0], quotes);
    }

    /** The entries of the stream, in order. */
    List<StreamMessage<String, String>> entries() {
        return commands.xrange(RedisKeys.QUOTES, io.lettuce.core.Range.create("-", "+"));
    }

    /** Every quote in the stream as the entries hold its text (no seq), in order. */
    List<String> stored() {
        List<String> out = new java.util.ArrayList<>();
        for (StreamMessage<String, String> m : entries()) {
            String array = m.getBody().get("q");
            if (array != null) {
                // The function writes the array from the quotes' own text: objects without nested ones.
                java.util.regex.Matcher each = java.util.regex.Pattern.compile("\\{[^{}]*}").matcher(array);
                while (each.find()) {
                    out.add(each.group());
                }
            }
        }
        return out;
    }

    /** Every quote in the stream, read as a gateway reads it (seqs and ts from its entry), in order. */
    List<Quote> stream() {
        List<Quote> out = new java.util.ArrayList<>();
        for (StreamMessage<String, String> m : entries()) {
            if (m.getBody().containsKey("q")) {
                out.addAll(QuoteCodec.readArray(m.getBody().get("q"), Long.parseLong(m.getBody().get("seq")),
                        Long.parseLong(m.getBody().get("ts"))));
            }
        }
        return out;
    }

    static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String canonical(String symbol, String bid, String ask, long volume) {
        return "{\"symbol\":\"" + symbol + "\",\"bid\":" + bid + ",\"ask\":" + ask + ",\"last\":" + bid
                + ",\"bidSize\":1,\"askSize\":1,\"lastSize\":1,\"volume\":" + volume + ",\"open\":" + bid + "}";
    }

    @Nested
    class BothForms {

        @Test
        void aCanonicalQuoteAndTheSameQuoteWrittenLooselyAreStoredAlike() {
            long first = publish(CANONICAL).get(0);
            long second = publish(LOOSE).get(0);
            assertThat(stored()).as("the plain form as it came, the loose one written in it").containsExactly(CANONICAL,
                    CANONICAL);
            assertThat(stream()).extracting(Quote::seq).containsExactly(first, second);
            assertThat(commands.hget(RedisKeys.LATEST, "AAPL")).isEqualTo("{\"type\":\"quote\",\"seq\":" + second + ","
                    + CANONICAL.substring(1));
        }

        @Test
        void aQuoteWithoutTsGetsRedisClockInEitherForm() {
            long before = System.currentTimeMillis() * 1000 - 60_000_000L;
            publish(canonical("AAPL", "10.00", "10.01", 0), LOOSE.replace("\"ts\": 1763712000000001,", ""));
            for (Quote q : stream()) {
                assertThat(q.ts()).isBetween(before, before + 120_000_000L);
            }
            assertThat(QuoteCodec.read(commands.hget(RedisKeys.LATEST, "AAPL")).ts()).isBetween(before,
                    before + 120_000_000L);
        }
    }

    @Nested
    class Batches {

        @Test
        void stampsConsecutiveSeqsInArgumentOrderAndKeepsTheLastQuoteOfEachSymbolAsItsLatest() {
            List<Long> seqs = publish(canonical("AAPL", "10.00", "10.01", 1), canonical("MSFT", "20.00", "20.01", 2),
                    canonical("AAPL", "10.01", "10.02", 3));
            assertThat(seqs).containsExactly(seqs.get(0), seqs.get(0) + 1, seqs.get(0) + 2);
            assertThat(stream()).extracting(Quote::volume).containsExactly(1.0, 2.0, 3.0);
            assertThat(stream()).extracting(Quote::seq).containsExactlyElementsOf(seqs);
            assertThat(QuoteCodec.read(commands.hget(RedisKeys.LATEST, "AAPL")).volume()).isEqualTo(3);
            assertThat(QuoteCodec.read(commands.hget(RedisKeys.LATEST, "MSFT")).volume()).isEqualTo(2);
        }

        @Test
        void aCanonicalQuoteThatBreaksARuleFailsTheWholeCallNamingItsPlaceAndReason() {
            publish(canonical("AAPL", "10.00", "10.01", 1));
            assertRefused("quote 2 (MSFT): bid must be < ask",
                    canonical("AAPL", "10.00", "10.01", 2), canonical("MSFT", "20.01", "20.01", 2));
            assertRefused("quote 3 (NOPE): unknown symbol",
                    canonical("AAPL", "10.00", "10.01", 2), canonical("MSFT", "20.00", "20.01", 2),
                    canonical("NOPE", "1.00", "1.01", 2));
            assertRefused("quote 1 (AAPL): bid must be > 0", canonical("AAPL", "0.00", "10.01", 2));
            assertRefused("quote 2 (AAPL): bidSize must be > 0",
                    canonical("AAPL", "10.00", "10.01", 2), canonical("AAPL", "10.00", "10.01", 2).replace("\"bidSize\":1", "\"bidSize\":0"));
            assertRefused("quote 1 (AAPL): seq must be left out", CANONICAL.replace("{", "{\"seq\":5,"));
            assertThat(stream()).hasSize(1);
        }

        @Test
        void oneCallIsOneStreamEntryNamingTheEntryBeforeIt() {
            List<Long> first = publish(canonical("AAPL", "10.00", "10.01", 1), canonical("MSFT", "20.00", "20.01", 2));
            List<Long> second = publish(canonical("AAPL", "10.01", "10.02", 3));
            List<StreamMessage<String, String>> entries = entries();
            assertThat(entries).extracting(StreamMessage::getId).as("the instruments defined, then a call each")
                    .endsWith(first.get(1) + "-0", second.get(0) + "-0").hasSize(3);
            assertThat(entries.get(0).getBody().get("prev")).isEqualTo("0");
            assertThat(entries.get(1).getBody().get("prev")).isEqualTo(entries.get(0).getId().replace("-0", ""));
            assertThat(entries.get(2).getBody().get("prev")).isEqualTo(Long.toString(first.get(1)));
            assertThat(commands.get(RedisKeys.SEQ)).isEqualTo(Long.toString(second.get(0)));
            assertThat(commands.hget(RedisKeys.STATS, "quotes")).isEqualTo("3");
        }

        @Test
        void seqIsTheLargerOfThePreviousPlusOneAndRedisClockInMicroseconds() {
            commands.set(RedisKeys.SEQ, "5");
            long nowMicros = System.currentTimeMillis() * 1000;
            long clocked = publish(canonical("AAPL", "10.00", "10.01", 1)).get(0);
            assertThat(clocked).isBetween(nowMicros - 60_000_000L, nowMicros + 60_000_000L);
            long ahead = nowMicros + 3_600_000_000L;
            commands.set(RedisKeys.SEQ, Long.toString(ahead));
            assertThat(publish(canonical("AAPL", "10.00", "10.01", 2))).containsExactly(ahead + 1);
        }

        @Test
        void refusesMoreThanTenThousandQuotesInOneCall() {
            String[] many = new String[10_001];
            java.util.Arrays.fill(many, canonical("AAPL", "10.00", "10.01", 1));
            assertThatThrownBy(() -> publish(many)).hasMessageContaining("BADQUOTE at most 10000 quotes a call");
        }

    }

    void assertRefused(String message, String... quotes) {
        assertThatThrownBy(() -> publish(quotes)).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("BADQUOTE " + message);
    }

    /** A quote of {@code symbol} with the given price and size texts, in the plain form (the fast path). */
    static String plain(String symbol, String bid, String ask, String size, String volume) {
        return "{\"symbol\":\"" + symbol + "\",\"ts\":1763712000000001,\"bid\":" + bid + ",\"ask\":" + ask
                + ",\"last\":" + bid + ",\"bidSize\":" + size + ",\"askSize\":" + size + ",\"lastSize\":" + size
                + ",\"volume\":" + volume + ",\"open\":" + bid + "}";
    }

    /** The same quote decoded by the JSON path: fields in another order, with spaces. */
    static String loose(String symbol, String bid, String ask, String size, String volume) {
        return "{ \"volume\": " + volume + ", \"open\": " + bid + ", \"symbol\": \"" + symbol + "\", \"ts\": 1763712000000001,"
                + " \"bid\": " + bid + ", \"ask\": " + ask + ", \"last\": " + bid + ", \"bidSize\": " + size
                + ", \"askSize\": " + size + ", \"lastSize\": " + size + " }";
    }

    @Nested
    class AtEachInstrumentsPrecision {

        @Test
        void takesFxCryptoAndFuturesQuotesInEitherFormAndStoresThemAlike() {
            publish(plain("EUR/USD", "1.08345", "1.08347", "1000000", "5000000000"),
                    loose("EUR/USD", "1.08345", "1.08347", "1000000", "5000000000"),
                    plain("BTC-USD", "97123.45", "97123.46", "0.0153", "12345.67891234"),
                    loose("BTC-USD", "97123.45", "97123.46", "0.0153", "12345.67891234"),
                    plain("ESZ6", "6012.25", "6012.50", "12", "1500000"),
                    loose("ESZ6", "6012.25", "6012.5", "12", "1500000"));
            List<Quote> read = stream();
            for (int i = 0; i < 6; i += 2) {
                assertThat(read.get(i + 1).withSeq(read.get(i).seq())).isEqualTo(read.get(i));
            }
            assertThat(read.get(2).bidSize()).isEqualTo(0.0153);
            assertThat(stored().get(3)).as("written again in the plain form").contains("\"volume\":12345.67891234,")
                    .startsWith("{\"symbol\":\"BTC-USD\",\"ts\":");
        }

        @Test
        void refusesAPriceOffTheTickOrATooFineSizeInEitherFormWithTheSameReason() {
            for (boolean fast : new boolean[] {true, false}) {
                java.util.function.Function<String[], String> q = a -> fast ? plain(a[0], a[1], a[2], a[3], "1")
                        : loose(a[0], a[1], a[2], a[3], "1");
                assertRefused("quote 1 (ESZ6): bid 6012.1 is not a multiple of the tick 0.25",
                        q.apply(new String[] {"ESZ6", "6012.1", "6012.5", "1"}));
                assertRefused("quote 1 (EUR/USD): ask 1.083475 has more than 5 decimals",
                        q.apply(new String[] {"EUR/USD", "1.08345", "1.083475", "1"}));
                assertRefused("quote 1 (BTC-USD): bidSize 0.000000001 is finer than 0.00000001",
                        q.apply(new String[] {"BTC-USD", "97123.45", "97123.46", "0.000000001"}));
                assertRefused("quote 1 (AAPL): bidSize 0.5 is not a whole number",
                        q.apply(new String[] {"AAPL", "10.00", "10.01", "0.5"}));
                assertRefused("quote 1 (EUR/USD): bid must be < ask",
                        q.apply(new String[] {"EUR/USD", "1.08347", "1.08347", "1"}));
            }
            assertThat(stream()).isEmpty();
        }

        @Test
        void anInstrumentRedefinedAtAnotherPrecisionTakesQuotesAtItFromTheNextCall() {
            assertRefused("quote 1 (ESZ6): bid 6012.1 is not a multiple of the tick 0.25",
                    plain("ESZ6", "6012.1", "6012.5", "1", "1"));
            define("{\"symbol\":\"ESZ6\",\"type\":\"future\",\"tickSize\":0.1}");
            assertThat(publish(plain("ESZ6", "6012.1", "6012.5", "1", "1"))).hasSize(1);
        }
    }

    @Nested
    class Defining {

        @Test
        void storesEachInstrumentAndAppendsOneEntryHoldingThemAll() {
            List<StreamMessage<String, String>> entries = entries();
            assertThat(entries).hasSize(1);
            assertThat(json(entries.get(0).getBody().get("i"))).extracting(n -> n.get("symbol").asText())
                    .containsExactly("EUR/USD", "BTC-USD", "ESZ6");
            assertThat(InstrumentCodec.read(commands.hget(RedisKeys.INSTRUMENTS, "EUR/USD"))).isEqualTo(
                    new Instrument("EUR/USD", "Euro / US Dollar", InstrumentType.FX, "USD", 0.00001, 5, 0));
            assertThat(commands.hget(RedisKeys.INSTRUMENTS, "EUR/USD")).contains("\"tickSize\":0.00001,");
            long seq = publish(plain("EUR/USD", "1.08345", "1.08347", "1", "1")).get(0);
            assertThat(entries().get(1).getBody().get("prev")).isEqualTo(entries.get(0).getId().replace("-0", ""));
            assertThat(seq).isGreaterThan(Long.parseLong(entries.get(0).getId().replace("-0", "")));
        }

        @Test
        void takesWhatIsLeftOutAsAnEquityWouldHaveIt() {
            define("{\"symbol\":\"SAP\"}", "{\"symbol\":\"XAU\",\"tickSize\":0.5}");
            assertThat(InstrumentCodec.read(commands.hget(RedisKeys.INSTRUMENTS, "SAP")))
                    .isEqualTo(Instrument.equity("SAP", "SAP"));
            assertThat(InstrumentCodec.read(commands.hget(RedisKeys.INSTRUMENTS, "XAU")).priceDecimals()).isEqualTo(1);
        }

        @Test
        void refusesTheWholeCallNamingTheFirstBadInstrumentAndWhy() {
            assertDefineRefused("instrument 2 (X): tickSize 0.005 must be a positive multiple of 0.01 (priceDecimals 2)",
                    "{\"symbol\":\"OK\"}", "{\"symbol\":\"X\",\"tickSize\":0.005,\"priceDecimals\":2}");
            assertDefineRefused("instrument 1 (X): type must be one of", "{\"symbol\":\"X\",\"type\":\"bond\"}");
            assertDefineRefused("instrument 1 (?): missing symbol", "{\"name\":\"x\"}");
            assertDefineRefused("instrument 1 (A?B): symbol must match", "{\"symbol\":\"A B\"}");
            assertDefineRefused("instrument 1 (X): sizeDecimals must be an integer 0..8", "{\"symbol\":\"X\",\"sizeDecimals\":9}");
            assertThat(commands.hexists(RedisKeys.INSTRUMENTS, "OK")).isFalse();
        }

        void assertDefineRefused(String message, String... instruments) {
            assertThatThrownBy(() -> define(instruments)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("BADINSTRUMENT " + message);
        }
    }
}
