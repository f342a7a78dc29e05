/**
 * The wire format: every JSON the gateway writes (quotes, replies, heartbeats, errors, envelopes,
 * the symbol list) and the {@link io.tickwire.gateway.wire.Outbound} messages that carry it.
 * Encoded once, shared by every client that gets it; nothing here knows who sends it or how.
 */
package io.tickwire.gateway.wire;
