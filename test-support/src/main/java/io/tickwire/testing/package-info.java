/**
 * For tests only: the drivers of every process a test runs (redis-server, redis-sentinel, nginx,
 * Prometheus, Chromium, gateway nodes and other JVMs) and a TCP proxy a test can cut, started on
 * loopback ports by the tests that need them, skipped with a message where not installed, and
 * stopped by the tests; and {@link io.tickwire.testing.Patience#PATIENCE}, the one bound on a wait for
 * what should come soon, which only a hang reaches (tests assert order, counts and states, never how fast).
 */
package io.tickwire.testing;
