/**
 * The feed contract: a {@link io.tickwire.feed.Quote}, the {@link io.tickwire.feed.QuoteFeed} that
 * streams quotes with its {@link io.tickwire.feed.FeedEvent}s, symbol rules and timestamps.
 * Everything a feed implementation and the gateway agree on, and nothing about either.
 */
package io.tickwire.feed;
