/**
 * The simulated market: equities and ETFs, currency pairs, coins and futures, each at its own
 * precision and moving over its own {@link io.tickwire.feed.simulator.Venue}'s hours. A seeded
 * {@link io.tickwire.feed.simulator.QuoteGenerator} over a {@link io.tickwire.feed.simulator.SymbolUniverse},
 * paced in real time by the {@link io.tickwire.feed.simulator.FeedSimulator}, one implementation of the feed contract;
 * and, as a process of its own, a publisher of that market into a cluster's Redis
 * ({@link io.tickwire.feed.simulator.RedisPublisherMain}, its command line {@link io.tickwire.feed.simulator.PublisherOptions}).
 */
package io.tickwire.feed.simulator;
