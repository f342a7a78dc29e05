package io.tickwire.feed;

import java.util.List;

/**
 * Symbols the feed carries from now on, besides those it carried before: quotes of them may
 * follow this event. A symbol announced again (a new display name, say) is harmless.
 *
 * @param symbols the symbols announced, in no particular order
 */
public record SymbolsAnnounced(List<SymbolInfo> symbols) implements FeedEvent {

    public SymbolsAnnounced {
        symbols = List.copyOf(symbols);
    }
}
