package io.tickwire.feed.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Symbols;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One gateway's place in the stream, kept across reconnects: the snapshot to start from, then
 * the stream entry by entry, each one checked to follow on from the last one read (its
 * {@code prev}), and the instruments defined or announced meanwhile. See {@link RedisQuoteFeed}.
 *
 * <p>One loop, one command at a time, on Lettuce's threads: a snapshot when one is due, a look
 * at {@code tickwire:symbols} every {@link RedisFeedSettings#symbolsInterval()} for symbols
 * announced by name, else an {@code XREAD}. So its state ({@link #cursor}, {@link #known}) is
 * touched by it alone, and a definition is passed on in stream order, never overtaken by an older one.
 */
final class StreamFollower {

    private static final Logger log = LoggerFactory.getLogger(StreamFollower.class);
    /** Entries the first read after a snapshot asks for, before the loop knows how many quotes an entry holds. */
    private static final int FIRST_COUNT = 16;

    private final RedisFeedSettings settings;
    private final RedisFeedStats stats;
    /** The seq (id) of the last entry read, or the snapshot's position; -1 until the first snapshot. */
    private volatile long cursor = -1;
    private boolean snapshotDue = true;
    /** The instruments this loop has passed on, by symbol: a quote of any other is defined first. */
    private final Map<String, Instrument> known = new HashMap<>();
    /** How many entries the next XREAD asks for: about {@link RedisFeedSettings#readCount()} quotes' worth. */
    private int count;
    /** The size of {@code tickwire:symbols} at the last look: read in full only when it changes. */
    private long symbolCount = -1;
    private long lastSymbolsLook;

    StreamFollower(RedisFeedSettings settings, RedisFeedStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.count = Math.min(FIRST_COUNT, settings.readCount());
    }

    long cursor() {
        return cursor;
    }

    /** Follows the stream over {@code c} until it fails: batches of events, each passed on whole. */
    Flux<List<FeedEvent>> follow(RedisQuoteFeed.Connections c) {
        RedisReactiveCommands<String, String> commands = c.commands().reactive();
        RedisReactiveCommands<String, String> stream = c.stream().reactive();
        Mono<Void> install = FunctionLibrary.install(commands, settings.streamMaxLen());
        // Connected once it can serve: at once when it continues from its cursor, else when its snapshot is read
        // (a node that said so earlier took clients before it knew the instruments: UNKNOWN_SYMBOL for them).
        return install.doOnSuccess(v -> {
                    if (!snapshotDue) {
                        stats.connectedNow();
                    }
                })
                .thenMany(Mono.defer(() -> next(commands, stream, install)).repeat());
    }

    private Mono<List<FeedEvent>> next(RedisReactiveCommands<String, String> commands,
                                       RedisReactiveCommands<String, String> stream, Mono<Void> install) {
        if (snapshotDue) {
            return snapshot(commands, install).map(List::of);
        }
        long now = System.nanoTime();
        if (now - lastSymbolsLook >= settings.symbolsInterval().toNanos()) {
            lastSymbolsLook = now;
            return announced(commands).defaultIfEmpty(List.of());
        }
        return stream.xread(XReadArgs.Builder.block(settings.block()).count(count),
                        XReadArgs.StreamOffset.from(RedisKeys.QUOTES, RedisKeys.entryId(cursor)))
                .collectList()
                .flatMap(entries -> {
                    List<FeedEvent> events = new ArrayList<>();
                    Set<String> unseen = new LinkedHashSet<>();
                    read(entries, events, unseen);
                    if (unseen.isEmpty()) {
                        return Mono.just(events);
                    }
                    // Symbols announced by name (HSET) and quoted before this loop's last look: define them first.
                    return lookUp(commands, unseen).map(found -> {
                        if (!found.isEmpty()) {
                            found.forEach(i -> known.put(i.symbol(), i));
                            events.add(0, new InstrumentsDefined(found));
                        }
                        return events;
                    });
                });
    }

    /**
     * The events of a read, in stream order; stops at an entry that does not follow on from the
     * last one read (its {@code prev} is not {@link #cursor}), and then asks for a snapshot.
     */
    private void read(List<StreamMessage<String, String>> entries, List<FeedEvent> events, Set<String> unseen) {
        int quotes = 0;
        long ts = 0;
        for (StreamMessage<String, String> m : entries) {
            long id = RedisKeys.seqOf(m.getId());
            String prev = m.getBody().get(RedisKeys.PREV);
            if (prev == null || !prev.equals(Long.toString(cursor))) {
                log.warn("Redis feed: the stream entry after {} is {}, which follows {} (entries trimmed before they "
                        + "were read, Redis lost its data or failed over): reading the latest quotes again",
                        cursor, id, prev == null ? "nothing known" : prev);
                stats.gap();
                snapshotDue = true;
                break;
            }
            cursor = id;
            try {
                String q = m.getBody().get(RedisKeys.QUOTES_FIELD);
                if (q != null) {
                    List<Quote> read = QuoteCodec.readArray(q, Long.parseLong(m.getBody().get(RedisKeys.FIRST_SEQ)),
                            Long.parseLong(m.getBody().get(RedisKeys.TS)));
                    for (Quote quote : read) {
                        if (!known.containsKey(quote.symbol())) {
                            unseen.add(quote.symbol());
                        }
                        events.add(quote);
                        ts = quote.ts();
                    }
                    quotes += read.size();
                }
                else {
                    List<Instrument> defined = InstrumentCodec.readArray(m.getBody().get(RedisKeys.INSTRUMENTS_FIELD));
                    defined.forEach(i -> known.put(i.symbol(), i));
                    events.add(new InstrumentsDefined(defined));
                }
            }
            catch (RuntimeException e) {
                // Only the functions write the stream; anything else there is skipped, counted.
                stats.badEntry();
                log.debug("Redis feed: skipped stream entry {}: {}", m.getId(), e.toString());
            }
        }
        if (!entries.isEmpty()) {
            // Ask next for about readCount quotes' worth of entries of the size these had.
            count = (int) Math.max(1, Math.min(settings.readCount(),
                    (long) settings.readCount() * entries.size() / Math.max(1, quotes)));
        }
        if (quotes > 0) {
            stats.read(quotes, ts, cursor);
        }
    }

    /** {@code tickwire_snapshot}: every instrument, their latest quotes and the position, as one event. */
    private Mono<FeedEvent> snapshot(RedisReactiveCommands<String, String> commands, Mono<Void> install) {
        Flux<Object> call = commands.fcallReadOnly(FunctionLibrary.SNAPSHOT, ScriptOutputType.MULTI);
        return FunctionLibrary.withLibrary(call, install).collectList().map(reply -> {
            List<?> parts = reply.size() == 1 && reply.get(0) instanceof List<?> whole ? whole : reply;
            long position = ((Number) parts.get(0)).longValue();
            List<?> flat = (List<?>) parts.get(1);
            Map<String, Instrument> all = new LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                byName((String) flat.get(i), (String) flat.get(i + 1), all);
            }
            symbolCount = flat.size() / 2;
            for (Object json : (List<?>) parts.get(3)) {
                defined((String) json, all);
            }
            known.clear();
            known.putAll(all);
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
            count = Math.min(FIRST_COUNT, settings.readCount());
            snapshotDue = false;
            stats.snapshot(position);
            return new FeedSnapshot(List.copyOf(all.values()), latest, position);
        });
    }

    /** Symbols announced by name since the last look and not carried yet; read in full only when their count changed. */
    private Mono<List<FeedEvent>> announced(RedisReactiveCommands<String, String> commands) {
        return commands.hlen(RedisKeys.SYMBOLS)
                .filter(n -> n != symbolCount)
                .flatMap(n -> commands.hkeys(RedisKeys.SYMBOLS).filter(s -> !known.containsKey(s)).collectList()
                        .flatMap(fresh -> {
                            symbolCount = n;
                            return fresh.isEmpty() ? Mono.empty() : lookUp(commands, fresh);
                        })
                        .filter(found -> !found.isEmpty())
                        .map(found -> {
                            found.forEach(i -> known.put(i.symbol(), i));
                            return List.<FeedEvent>of(new InstrumentsDefined(found));
                        }));
    }

    /** The instruments of {@code symbols}: defined, or announced by name; those neither are left out. */
    private Mono<List<Instrument>> lookUp(RedisReactiveCommands<String, String> commands, Collection<String> symbols) {
        String[] keys = symbols.toArray(String[]::new);
        return commands.hmget(RedisKeys.SYMBOLS, keys).collectList()
                .zipWith(commands.hmget(RedisKeys.INSTRUMENTS, keys).collectList())
                .map(t -> {
                    Map<String, Instrument> out = new LinkedHashMap<>();
                    for (KeyValue<String, String> kv : t.getT1()) {
                        if (kv.hasValue()) {
                            byName(kv.getKey(), kv.getValue(), out);
                        }
                    }
                    for (KeyValue<String, String> kv : t.getT2()) {
                        if (kv.hasValue()) {
                            defined(kv.getValue(), out);
                        }
                    }
                    return List.copyOf(out.values());
                });
    }

    /** A symbol announced by name is an equity; a name that is not usable becomes the symbol itself. */
    private static void byName(String symbol, String name, Map<String, Instrument> out) {
        if (Symbols.isValid(symbol)) {
            boolean usable = name != null && !name.isBlank() && name.length() <= Instrument.MAX_NAME_LENGTH;
            out.put(symbol, Instrument.equity(symbol, usable ? name : symbol));
        }
    }

    /** An instrument as {@code tickwire_define} stored it; one that does not read is skipped, counted. */
    private void defined(String json, Map<String, Instrument> out) {
        try {
            Instrument i = InstrumentCodec.read(json);
            out.put(i.symbol(), i);
        }
        catch (RuntimeException e) {
            stats.badEntry();
        }
    }
}
