package io.tickwire.feed.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Quote;
import io.tickwire.feed.SymbolInfo;
import io.tickwire.feed.Symbols;
import io.tickwire.feed.SymbolsAnnounced;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One gateway's place in the stream, kept across reconnects: the snapshot to start from, then
 * the stream entry by entry, and the symbols announced meanwhile. See {@link RedisQuoteFeed}.
 *
 * <p>The read loop and the symbol check run on Lettuce's threads, one command at a time each;
 * the read loop's state ({@link #cursor}, {@link #announced}) is touched by it alone.
 */
final class StreamFollower {

    private static final Logger log = LoggerFactory.getLogger(StreamFollower.class);

    private final RedisFeedSettings settings;
    private final RedisFeedStats stats;
    /** The seq of the last entry read (or of the snapshot); -1 until the first snapshot. */
    private volatile long cursor = -1;
    private boolean snapshotDue = true;
    /** Symbols this loop has passed on, with their names: a quote of any other is announced first. */
    private final Map<String, String> announced = new HashMap<>();
    /** The symbol count the periodic check saw last: it reads the names again only when this changes. */
    private long symbolCount = -1;

    StreamFollower(RedisFeedSettings settings, RedisFeedStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    long cursor() {
        return cursor;
    }

    /** Follows the stream over {@code c} until it fails: batches of events, each passed on whole. */
    Flux<List<FeedEvent>> follow(RedisQuoteFeed.Connections c) {
        RedisReactiveCommands<String, String> commands = c.commands().reactive();
        RedisReactiveCommands<String, String> stream = c.stream().reactive();
        Mono<Void> install = FunctionLibrary.install(commands, settings.streamMaxLen());
        Flux<List<FeedEvent>> reads = Mono.defer(() -> next(commands, stream, install)).repeat();
        Flux<List<FeedEvent>> symbols = Flux.interval(settings.symbolsInterval())
                .onBackpressureDrop()
                .concatMap(tick -> newSymbols(commands), 1);
        return install.doOnSuccess(v -> stats.connectedNow())
                .thenMany(Flux.merge(1, reads, symbols));
    }

    private Mono<List<FeedEvent>> next(RedisReactiveCommands<String, String> commands,
                                       RedisReactiveCommands<String, String> stream, Mono<Void> install) {
        if (snapshotDue) {
            return snapshot(commands, install).map(List::of);
        }
        return stream.xread(XReadArgs.Builder.block(settings.block()).count(settings.readCount()),
                        XReadArgs.StreamOffset.from(RedisKeys.QUOTES, RedisKeys.entryId(cursor)))
                .collectList()
                .flatMap(entries -> {
                    List<Quote> quotes = quotes(entries);
                    List<String> unseen = quotes.stream().map(Quote::symbol)
                            .filter(s -> !announced.containsKey(s)).distinct().toList();
                    if (unseen.isEmpty()) {
                        return Mono.just(List.<FeedEvent>copyOf(quotes));
                    }
                    // A symbol first seen in a quote: announce it (with its name) ahead of the quote.
                    return commands.hgetall(RedisKeys.SYMBOLS).collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                            .map(names -> {
                                List<FeedEvent> out = new ArrayList<>(quotes.size() + 1);
                                List<SymbolInfo> infos = unseen.stream().map(s -> info(s, names.get(s))).toList();
                                infos.forEach(i -> announced.put(i.symbol(), i.name()));
                                out.add(new SymbolsAnnounced(infos));
                                out.addAll(quotes);
                                return out;
                            });
                });
    }

    /** The quotes of a read, in seq order; stops at a jump in seq, and then asks for a snapshot. */
    private List<Quote> quotes(List<StreamMessage<String, String>> entries) {
        List<Quote> out = new ArrayList<>(entries.size());
        long ts = 0;
        for (StreamMessage<String, String> m : entries) {
            long seq = RedisKeys.seqOf(m.getId());
            if (seq <= cursor) {
                continue;
            }
            // After a snapshot of an empty stream (cursor 0) the first entry may have any seq: a life starts there.
            if (cursor > 0 && seq != cursor + 1) {
                log.warn("Redis feed: the stream went from seq {} to {} (trimmed before it was read, or Redis lost "
                        + "its data): reading the latest quotes again", cursor, seq);
                stats.gap();
                snapshotDue = true;
                break;
            }
            cursor = seq;
            try {
                Quote q = QuoteCodec.read(m.getBody().get("q"));
                out.add(q);
                ts = q.ts();
            }
            catch (RuntimeException e) {
                // Only tickwire_publish writes the stream; anything else there is skipped, counted.
                stats.badEntry();
                log.debug("Redis feed: skipped stream entry {}: {}", m.getId(), e.toString());
            }
        }
        if (!out.isEmpty()) {
            stats.read(out.size(), ts, cursor);
        }
        return out;
    }

    /** {@code tickwire_snapshot}: every symbol, their latest quotes and the position, as one event. */
    private Mono<FeedEvent> snapshot(RedisReactiveCommands<String, String> commands, Mono<Void> install) {
        Flux<Object> call = commands.fcallReadOnly(FunctionLibrary.SNAPSHOT, ScriptOutputType.MULTI);
        return FunctionLibrary.withLibrary(call, install).collectList().map(reply -> {
            List<?> parts = reply.size() == 1 && reply.get(0) instanceof List<?> whole ? whole : reply;
            long position = ((Number) parts.get(0)).longValue();
            List<?> flat = (List<?>) parts.get(1);
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                names.put((String) flat.get(i), (String) flat.get(i + 1));
            }
            List<SymbolInfo> symbols = valid(names);
            announced.clear();
            symbols.forEach(s -> announced.put(s.symbol(), s.name()));
            List<Quote> latest = new ArrayList<>();
            for (Object json : (List<?>) parts.get(2)) {
                try {
                    latest.add(QuoteCodec.read((String) json));
                }
                catch (RuntimeException e) {
                    stats.badEntry();
                }
            }
            cursor = position;
            snapshotDue = false;
            stats.snapshot(position);
            return new FeedSnapshot(symbols, latest, position);
        });
    }

    /** Symbols announced since the last look, with no quote yet: read in full only when their count changed. */
    private Mono<List<FeedEvent>> newSymbols(RedisReactiveCommands<String, String> commands) {
        return commands.hlen(RedisKeys.SYMBOLS)
                .filter(n -> n != symbolCount)
                .flatMap(n -> commands.hgetall(RedisKeys.SYMBOLS)
                        .collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                        .map(names -> {
                            symbolCount = n;
                            return List.<FeedEvent>of(new SymbolsAnnounced(valid(names)));
                        }));
    }

    /** The entries of the symbol hash that are tickers; the others cannot be quoted (the function refuses them). */
    private static List<SymbolInfo> valid(Map<String, String> names) {
        List<SymbolInfo> out = new ArrayList<>(names.size());
        names.forEach((symbol, name) -> {
            if (Symbols.isValid(symbol)) {
                out.add(info(symbol, name));
            }
        });
        return out;
    }

    /** A symbol as announced; a name that is not usable becomes the ticker itself. */
    private static SymbolInfo info(String symbol, String name) {
        return new SymbolInfo(symbol, name == null || name.isBlank() ? symbol : name);
    }
}
