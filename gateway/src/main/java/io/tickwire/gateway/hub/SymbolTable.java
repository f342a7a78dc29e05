package io.tickwire.gateway.hub;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.wire.ErrorCode;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instruments the feed carries, each with its {@link SymbolChannel}, and the reading of a
 * client's list of symbols against them. Instruments are only ever added or changed (defined by
 * the feed), never removed, so a channel found once stays valid.
 *
 * <p>Definitions come from the feed's thread only; lookups from any thread, without locks.
 */
final class SymbolTable {

    private final Map<String, SymbolChannel> channels = new ConcurrentHashMap<>();
    /** Most active first, as the feed listed them; later announcements at the end. Copy-on-write. */
    private volatile List<SymbolChannel> ordered = List.of();
    private volatile List<Instrument> instruments = List.of();

    SymbolTable(List<Instrument> initial) {
        define(initial);
    }

    SymbolChannel get(String symbol) {
        return channels.get(symbol);
    }

    List<SymbolChannel> all() {
        return ordered;
    }

    /** The instruments carried now; a new list object after every change, so it can key a cache. */
    List<Instrument> instruments() {
        return instruments;
    }

    /**
     * Adds the instruments not carried yet and redefines the others (a new name, or a new
     * precision for the quotes to come); returns how many were new.
     */
    int define(Collection<Instrument> defined) {
        List<SymbolChannel> added = new ArrayList<>();
        boolean changed = false;
        for (Instrument s : defined) {
            SymbolChannel ch = channels.get(s.symbol());
            if (ch == null) {
                ch = new SymbolChannel(s);
                channels.put(s.symbol(), ch);
                added.add(ch);
            }
            else if (!ch.instrument().equals(s)) {
                ch.redefine(s);
                changed = true;
            }
        }
        if (!added.isEmpty() || changed) {
            List<SymbolChannel> next = new ArrayList<>(ordered);
            next.addAll(added);
            ordered = List.copyOf(next);
            instruments = next.stream().map(SymbolChannel::instrument).toList();
        }
        return added.size();
    }

    /**
     * The channel of {@code requested}: the symbol itself, or, when no symbol is spelled so, the
     * upper-case one (symbols are case-sensitive, but a v1.1 client may write {@code aapl}).
     */
    SymbolChannel resolve(String requested) {
        SymbolChannel ch = channels.get(requested);
        if (ch == null) {
            String upper = requested.toUpperCase(Locale.ROOT);
            if (!upper.equals(requested)) {
                ch = channels.get(upper);
            }
        }
        return ch;
    }

    /**
     * Reads {@code requested} (symbols, or {@link ClientSession#ALL}) against the
     * symbols carried now and what the client may see: the channels they name, each once, in
     * request order; {@code *} is every symbol carried that the client may see. The one place a
     * list of symbols is judged, whatever the transport.
     */
    Selection select(Collection<String> requested, Entitlements entitlements) {
        List<String> accepted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> notEntitled = new ArrayList<>();
        Set<SymbolChannel> targets = new LinkedHashSet<>();
        for (String s : requested) {
            if (ClientSession.ALL.equals(s)) {
                accepted.add(s);
                for (SymbolChannel ch : ordered) {
                    if (entitlements.allows(ch.symbol())) {
                        targets.add(ch);
                    }
                }
            }
            else {
                SymbolChannel ch = resolve(s);
                if (ch == null) {
                    unknown.add(s);
                }
                else if (!entitlements.allows(ch.symbol())) {
                    notEntitled.add(s);
                }
                else {
                    accepted.add(ch.symbol());
                    targets.add(ch);
                }
            }
        }
        return new Selection(List.copyOf(accepted), List.copyOf(unknown), List.copyOf(notEntitled),
                List.copyOf(targets));
    }

    /**
     * A client's list of symbols as judged.
     *
     * @param accepted    the requested entries carried and granted ({@code *} included), in request order
     * @param unknown     the requested symbols not carried
     * @param notEntitled the requested symbols carried but not granted to this client
     * @param channels    the channels the accepted entries name, each once
     */
    record Selection(List<String> accepted, List<String> unknown, List<String> notEntitled,
                     List<SymbolChannel> channels) {

        /** The refusals of this reading of the request: unknown symbols, then symbols not granted. */
        List<ProtocolError> errors() {
            List<ProtocolError> out = new ArrayList<>(3);
            if (!unknown.isEmpty()) {
                out.add(ProtocolError.naming(ErrorCode.UNKNOWN_SYMBOL, "unknown symbol", unknown));
            }
            if (!notEntitled.isEmpty()) {
                out.add(SymbolTable.notEntitled(notEntitled));
            }
            return out;
        }
    }

    static ProtocolError notEntitled(List<String> symbols) {
        return ProtocolError.naming(ErrorCode.NOT_ENTITLED, "not entitled", symbols);
    }
}
