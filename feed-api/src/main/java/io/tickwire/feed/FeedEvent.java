package io.tickwire.feed;

/**
 * What a {@link QuoteFeed} tells its subscriber, in order: mostly {@link Quote}s, which are events
 * themselves so the hot path allocates nothing more per quote; now and then
 * {@link InstrumentsDefined}; and a {@link FeedSnapshot} where the subscriber must (re)learn the
 * whole state of the feed: at the start of a feed that was running before it joined, and after
 * the feed lost its place (a gap it cannot replay).
 */
public sealed interface FeedEvent permits Quote, InstrumentsDefined, FeedSnapshot {
}
