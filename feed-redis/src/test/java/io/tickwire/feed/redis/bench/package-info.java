/**
 * Programs that print what the backplane costs ({@code SentinelBench}: {@code WAIT} and a Sentinel
 * failover), run by the {@code sentinel-bench} Maven profile; they assert nothing.
 */
package io.tickwire.feed.redis.bench;
