/**
 * The Java client library ({@code io.tickwire.client.TickwireClient}) against a real gateway: live
 * quotes and instruments of every kind at their precision, resume after a node is lost or changed,
 * the heartbeat watchdog, tokens, a slow reader.
 */
package io.tickwire.gateway.client;
