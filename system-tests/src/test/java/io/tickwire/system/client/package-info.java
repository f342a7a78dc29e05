/**
 * The Java client library ({@code io.tickwire.client.TickwireClient}) against a real gateway, over
 * WebSocket, SSE and long-poll: live quotes and instruments of every kind at their precision,
 * resume after a node is lost or changed, the reconnect backoff, the heartbeat watchdog, tokens,
 * refusals, a slow reader, and the client README's example run as written.
 */
package io.tickwire.system.client;
