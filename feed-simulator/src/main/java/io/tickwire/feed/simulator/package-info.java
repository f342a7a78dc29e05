/**
 * The simulated market: equities and ETFs, currency pairs, coins and futures, each at its own
 * precision and moving over its own {@link io.tickwire.feed.simulator.Venue}'s hours. A seeded
 * {@link io.tickwire.feed.simulator.QuoteGenerator} over a {@link io.tickwire.feed.simulator.SymbolUniverse},
 * paced in real time by the {@link io.tickwire.feed.simulator.FeedSimulator}, one implementation of the feed contract.
 */
package io.tickwire.feed.simulator;
