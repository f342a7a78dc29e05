/**
 * Chart history: bounded 1-second and 1-minute OHLC + volume bars per symbol, built from every
 * quote the hub accepts (through {@link io.tickwire.gateway.hub.QuoteListener}) and read by {@code GET /api/bars}.
 */
package io.tickwire.gateway.history;
