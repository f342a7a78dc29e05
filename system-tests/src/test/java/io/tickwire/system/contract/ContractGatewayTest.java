package io.tickwire.system.contract;

import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.StreamClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real gateway (authentication off) on a random port, fed by a {@link ManualQuoteFeed}, with
 * a heartbeat interval short enough to watch and a symbol limit small enough to reach. One
 * context serves every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.client.max-symbols=5", "tickwire.client.heartbeat-interval=" + ContractGatewayTest.HEARTBEAT_MS + "ms"})
@Import(ManualFeedConfiguration.class)
abstract class ContractGatewayTest {

    static final int HEARTBEAT_MS = 300;

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    QuoteHub hub;

    @BeforeEach
    void noStreamIsLeftFromAnotherTest() {
        await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == 0
                && hub.connections(Transport.SSE) == 0);
    }

    /**
     * {@code m}, checked against the payload of the AsyncAPI message named by its {@code type}
     * and against {@code ServerMessage}, the union a client parses any WebSocket message with.
     */
    static Message valid(Message m) {
        ASYNCAPI.assertValid("/components/messages/" + m.type() + "/payload", m.body());
        ASYNCAPI.assertValid("/components/schemas/ServerMessage", m.body());
        return m;
    }

    static List<Message> valid(List<Message> messages) {
        messages.forEach(ContractGatewayTest::valid);
        return messages;
    }
}
