package io.tickwire.feed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FCALL tickwire_publish} as any publisher calls it (PROTOCOL.md §7), against a real
 * redis-server: a quote in the canonical form takes the function's fast path, any other form the
 * JSON-decoding one, and both must write the same quote and refuse the same way.
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

    List<String> stream() {
        return commands.xrange(RedisKeys.QUOTES, io.lettuce.core.Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).map(b -> b.get("q")).toList();
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
            List<String> stored = stream();
            assertThat(stored.get(0)).isEqualTo("{\"type\":\"quote\",\"symbol\":\"AAPL\",\"seq\":" + first
                    + ",\"ts\":1763712000000001,\"bid\":189.31,\"ask\":189.33,\"last\":189.32,\"bidSize\":100,"
                    + "\"askSize\":200,\"lastSize\":100,\"volume\":5000,\"open\":188.00}");
            assertThat(stored.get(1)).isEqualTo(stored.get(0).replace("\"seq\":" + first, "\"seq\":" + second));
            assertThat(commands.hget(RedisKeys.LATEST, "AAPL")).isEqualTo(stored.get(1));
        }

        @Test
        void aQuoteWithoutTsGetsRedisClockInEitherForm() {
            long before = System.currentTimeMillis() * 1000 - 60_000_000L;
            publish(canonical("AAPL", "10.00", "10.01", 0), LOOSE.replace("\"ts\": 1763712000000001,", ""));
            for (String json : stream()) {
                long ts = QuoteCodec.read(json).ts();
                assertThat(ts).isBetween(before, before + 120_000_000L);
            }
        }
    }

    @Nested
    class Batches {

        @Test
        void stampsConsecutiveSeqsInArgumentOrderAndKeepsTheLastQuoteOfEachSymbolAsItsLatest() {
            List<Long> seqs = publish(canonical("AAPL", "10.00", "10.01", 1), canonical("MSFT", "20.00", "20.01", 2),
                    canonical("AAPL", "10.01", "10.02", 3));
            assertThat(seqs).containsExactly(seqs.get(0), seqs.get(0) + 1, seqs.get(0) + 2);
            assertThat(stream()).extracting(json -> QuoteCodec.read(json).volume()).containsExactly(1L, 2L, 3L);
            assertThat(stream()).extracting(json -> QuoteCodec.read(json).seq()).containsExactlyElementsOf(seqs);
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
            assertRefused("quote 1 (AAPL): bid must be > 0 and < 1e9", canonical("AAPL", "0.00", "10.01", 2));
            assertRefused("quote 1 (AAPL): bid must be > 0 and < 1e9", canonical("AAPL", "1000000000.00", "1000000000.01", 2));
            assertRefused("quote 2 (AAPL): bidSize must be an integer > 0",
                    canonical("AAPL", "10.00", "10.01", 2), canonical("AAPL", "10.00", "10.01", 2).replace("\"bidSize\":1", "\"bidSize\":0"));
            assertRefused("quote 1 (AAPL): seq must be left out", CANONICAL.replace("{", "{\"seq\":5,"));
            assertThat(commands.xlen(RedisKeys.QUOTES)).isEqualTo(1);
        }

        void assertRefused(String message, String... quotes) {
            assertThatThrownBy(() -> publish(quotes)).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("BADQUOTE " + message);
        }
    }
}
