package io.tickwire.system.contract;

import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;

import io.tickwire.gateway.support.GatewayTest;
import io.tickwire.gateway.support.Message;
import java.util.List;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link GatewayTest} (authentication off) with a heartbeat interval short enough to watch and a
 * symbol limit small enough to reach. One context serves every subclass.
 */
@TestPropertySource(properties = {
    "tickwire.client.max-symbols=5", "tickwire.client.heartbeat-interval=" + ContractGatewayTest.HEARTBEAT_MS + "ms"})
abstract class ContractGatewayTest extends GatewayTest {

    static final int HEARTBEAT_MS = 300;

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
