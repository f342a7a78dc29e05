package io.tickwire.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code tickwire.*}. The README has the same table for users; keep them in step.
 *
 * @param feed   the embedded feed simulator
 * @param client limits and batching applied to each client connection
 * @param ws     the WebSocket endpoint
 */
@ConfigurationProperties("tickwire")
public record TickwireProperties(@DefaultValue Feed feed, @DefaultValue Client client, @DefaultValue Ws ws) {

    /**
     * @param rate         aggregate quotes per second
     * @param symbols      blank: the built-in universe; a number N: that many symbols; or a comma-separated list
     * @param seed         RNG seed for a reproducible market; unset: random, logged at startup
     * @param zipfExponent popularity skew (0 uniform, 1 Zipf)
     * @param tickInterval how often the simulator emits the quotes that fell due
     */
    public record Feed(@DefaultValue("1000") double rate,
                       @DefaultValue("") String symbols,
                       Long seed,
                       @DefaultValue("1.0") double zipfExponent,
                       @DefaultValue("1ms") Duration tickInterval) {

        public Feed {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("tickwire.feed.rate must be > 0, not " + rate);
            }
            if (!(zipfExponent >= 0)) {
                throw new IllegalArgumentException("tickwire.feed.zipf-exponent must be >= 0, not " + zipfExponent);
            }
        }
    }

    /**
     * @param maxSymbols symbols one connection may subscribe to; {@code *} counts as every symbol
     * @param maxBatch   messages per outbound WebSocket frame or SSE flush
     */
    public record Client(@DefaultValue("1000") int maxSymbols, @DefaultValue("256") int maxBatch) {

        public Client {
            if (maxSymbols < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("tickwire.client.max-symbols and max-batch must be >= 1");
            }
        }
    }

    /** @param maxFrameSize largest inbound frame (or fragmented message); larger closes with 1009 */
    public record Ws(@DefaultValue("64KB") DataSize maxFrameSize) {

        public Ws {
            if (maxFrameSize.toBytes() < 1 || maxFrameSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tickwire.ws.max-frame-size out of range: " + maxFrameSize);
            }
        }
    }
}
