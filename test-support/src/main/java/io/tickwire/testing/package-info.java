/**
 * For tests only: the drivers of every process a test runs (redis-server, redis-sentinel, nginx,
 * Prometheus, Chromium, gateway nodes and other JVMs) and a TCP proxy a test can cut, started on
 * loopback ports by the tests that need them, skipped with a message where not installed, and
 * stopped by the tests.
 */
package io.tickwire.testing;
