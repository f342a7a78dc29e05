/**
 * The Redis backplane of a cluster (PROTOCOL.md §7): the Function library every publisher calls,
 * a publisher, and the {@link io.tickwire.feed.QuoteFeed} each gateway node follows, from one
 * atomic snapshot and then the stream, across outages, trimming and Sentinel failovers.
 */
package io.tickwire.feed.redis;
