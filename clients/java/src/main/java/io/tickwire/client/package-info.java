/**
 * The Java client of the Tickwire gateway: {@link io.tickwire.client.TickwireClient} streams quotes
 * over WebSocket, SSE or long-poll as a {@code Flux} that reconnects, resumes and refreshes its
 * token by itself, and lists the instruments with their precision. Reactor Netty and Jackson; no Spring.
 */
package io.tickwire.client;
