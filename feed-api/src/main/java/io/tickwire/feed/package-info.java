/**
 * The feed contract: a {@link io.tickwire.feed.Quote}, the {@link io.tickwire.feed.Instrument} that
 * gives it its precision, the {@link io.tickwire.feed.QuoteFeed} that streams them as
 * {@link io.tickwire.feed.FeedEvent}s, symbol rules, decimals and timestamps. Everything a feed
 * implementation and the gateway agree on, and nothing about either.
 */
package io.tickwire.feed;
