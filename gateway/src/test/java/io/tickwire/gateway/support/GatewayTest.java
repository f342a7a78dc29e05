package io.tickwire.gateway.support;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real gateway on a random port, fed by a {@link ManualQuoteFeed}: the one base of the tests
 * that talk to a gateway in this JVM. A subclass's configuration is what it adds on top, as
 * {@code @TestPropertySource} properties ({@link ManualFeedGatewayTest}, {@link ShortTimersGatewayTest}):
 * classes with the same additions share one Spring context, so each test emits the quotes it
 * asserts on and must not depend on the feed's history. Before each test, no client of an earlier
 * one is still connected or subscribed, so counts a test reads are its own.
 */
// The application is named, not found by package: system-tests' tests live outside io.tickwire.gateway.
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ManualFeedConfiguration.class)
public abstract class GatewayTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected ManualQuoteFeed feed;
    @Autowired
    protected QuoteHub hub;
    @Autowired
    protected MeterRegistry registry;

    @BeforeEach
    void noClientIsLeftFromAnotherTest() {
        await().atMost(StreamClient.TIMEOUT).until(() -> Arrays.stream(Transport.values())
                .allMatch(t -> hub.connections(t) == 0) && hub.subscriptions() == 0);
    }

    /** A client of {@code transport} asking for {@code request}, resuming against this feed's seqs. */
    protected StreamClient open(Transport transport, StreamRequest request) {
        return StreamClient.open(transport, port, request, feed::lastSeq);
    }
}
