/**
 * For tests only: real outside programs (redis-server, redis-sentinel, nginx) started on loopback ports by the
 * tests that need them, skipped with a message where not installed, and stopped by the tests.
 */
package io.tickwire.testing;
