package io.tickwire.gateway.hub;

/**
 * Limits the hub applies to every client.
 *
 * @param maxSymbolsPerConnection symbols one connection may subscribe to ({@code "*"} counts as all of them)
 * @param maxBatch                messages per outbound batch (one WebSocket frame, one SSE flush)
 */
public record HubSettings(int maxSymbolsPerConnection, int maxBatch) {

    public HubSettings {
        if (maxSymbolsPerConnection < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("limits must be >= 1: " + maxSymbolsPerConnection + ", " + maxBatch);
        }
    }
}
