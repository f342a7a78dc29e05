package io.tickwire.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.wire.ProtocolError;
import java.util.List;

/**
 * One request a WebSocket client sent (PROTOCOL.md §2), parsed and checked. {@code id} is the
 * client's own id node (string or number), echoed verbatim in the answer, or {@code null}.
 */
sealed interface ClientRequest {

    JsonNode id();

    /** {@code since} and {@code maxRate} as given, or {@link SubscribeOptions#NONE}. */
    record Subscribe(JsonNode id, List<String> symbols, SubscribeOptions options) implements ClientRequest {
    }

    record Unsubscribe(JsonNode id, List<String> symbols) implements ClientRequest {
    }

    record Ping(JsonNode id) implements ClientRequest {
    }

    /** A fresh token for the connection (PROTOCOL.md §2, {@code auth}); never logged. */
    record Auth(JsonNode id, String token) implements ClientRequest {

        @Override
        public String toString() {
            return "Auth[id=" + id + "]";
        }
    }

    /** A frame that is not a valid request: answered with an error, never a reason to close. */
    record Invalid(JsonNode id, ProtocolError error) implements ClientRequest {
    }
}
