package io.tickwire.feed;

import java.util.List;

/**
 * The whole state of a feed at one position, for a subscriber that joins late or has lost its
 * place: every instrument the feed carries, the latest quote of each one that has quoted, and the
 * {@code seq} the two are as of.
 *
 * <p>The promise that makes a late join seamless: every quote with {@code seq <= position} is
 * reflected in {@link #latest()} (superseded or there), and the quotes that follow this event are
 * exactly those with {@code seq > position}, none missing, none repeated.
 *
 * @param instruments every instrument the feed carries
 * @param latest      the latest quote of each symbol that has one, at most one per symbol
 * @param position    the {@code seq} the snapshot is as of; 0 for a feed that has published nothing
 */
public record FeedSnapshot(List<Instrument> instruments, List<Quote> latest, long position) implements FeedEvent {

    public FeedSnapshot {
        instruments = List.copyOf(instruments);
        latest = List.copyOf(latest);
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0: " + position);
        }
        for (Quote q : latest) {
            if (q.seq() > position) {
                throw new IllegalArgumentException("quote " + q.symbol() + "@" + q.seq()
                        + " is newer than the snapshot's position " + position);
            }
        }
    }
}
