/**
 * What the system tests share: a test cluster (Redis, a publisher, two gateway nodes, nginx on
 * demand) and an application's view of the Java client. The drivers of single programs are
 * test-support's ({@code io.tickwire.testing}); the in-process gateway and its clients are the
 * gateway's test support ({@code io.tickwire.gateway.support}).
 */
package io.tickwire.system.support;
