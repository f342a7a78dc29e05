package io.tickwire.gateway.transport;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** A request's body read whole, within a bound, before anything parses it. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body's bytes (empty for none); a {@link DataBufferLimitException} when it is over
     * {@code maxBytes}, of which no more than that was held.
     */
    public static Mono<byte[]> read(ServerRequest request, int maxBytes) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }
}
