/**
 * Per-client delivery: each client's {@link io.tickwire.gateway.delivery.Mailbox}, its bounded
 * quote ring and slow-consumer policy, replies, {@code maxRate} throttle and heartbeats, drained
 * to the transport with backpressure. Knows quotes only as the wire's encoded messages.
 */
package io.tickwire.gateway.delivery;
