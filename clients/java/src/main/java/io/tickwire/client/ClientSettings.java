package io.tickwire.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** What a {@link TickwireClient.Builder} was told; {@code tokens} and {@code maxRate} may be {@code null}. */
record ClientSettings(URI base, Transport transport, Supplier<Mono<String>> tokens, Integer maxRate,
                      Duration backoffMin, Duration backoffMax, Duration heartbeatTimeout) {
}
