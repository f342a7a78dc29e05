/**
 * The simulated market: a seeded {@link io.tickwire.feed.simulator.QuoteGenerator} over a
 * {@link io.tickwire.feed.simulator.SymbolUniverse}, paced in real time by the
 * {@link io.tickwire.feed.simulator.FeedSimulator}, one implementation of the feed contract.
 */
package io.tickwire.feed.simulator;
