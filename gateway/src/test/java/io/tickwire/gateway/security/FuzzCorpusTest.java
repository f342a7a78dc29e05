package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.FuzzCorpus;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.RawWebSocket;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzz corpus ({@link FuzzCorpus}) against the real gateway: every case gets the answer the
 * contract names, and a neighbour subscribed before it still gets the next quote after it.
 */
class FuzzCorpusTest extends ManualFeedGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WsClient neighbour;

    @BeforeEach
    void aNeighbourIsSubscribed() {
        neighbour = WsClient.connect(port);
        neighbour.subscribe("n", symbols("AAPL"));
        neighbour.awaitAck();
    }

    @AfterEach
    void theNeighbourStillReceivesAndNothingIsLeft() {
        try {
            long seq = feed.emit("AAPL").seq();
            assertThat(neighbour.quotesThrough(seq)).last().extracting(q -> q.seq()).isEqualTo(seq);
        }
        finally {
            neighbour.close();
        }
        await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
    }

    static List<FuzzCorpus.Request> requests() {
        return FuzzCorpus.requests();
    }

    static List<FuzzCorpus.Frames> frames() {
        return FuzzCorpus.frames();
    }

    static List<FuzzCorpus.Query> queries() {
        return FuzzCorpus.queries();
    }

    static List<String> traversals() {
        return FuzzCorpus.traversals();
    }

    @Nested
    class Requests {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tickwire.gateway.security.FuzzCorpusTest#requests")
        void areAnsweredWithTheirErrorAndTheConnectionGoesOn(FuzzCorpus.Request request) throws IOException {
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(RawWebSocket.text(request.text()));
                // One frame answers the request: its error, or its errors and an ack, batched as an array.
                List<JsonNode> errors = errorsIn(ws.nextText());
                if (errors.isEmpty()) {
                    errors = errorsIn(ws.nextText());
                }
                assertThat(errors).extracting(e -> e.path("code").asText()).contains(request.code());
                // An answer never quotes a huge field back whole in its message.
                assertThat(errors).allSatisfy(e -> assertThat(e.path("message").asText()).isNotBlank().hasSizeLessThan(300));
                ws.send(RawWebSocket.text("{\"op\":\"ping\",\"id\":\"after\"}"));
                assertThat(JSON.readTree(ws.nextText()).path("id").asText()).isEqualTo("after");
            }
        }
    }

    private static List<JsonNode> errorsIn(String frame) throws IOException {
        JsonNode root = JSON.readTree(frame);
        List<JsonNode> errors = new ArrayList<>();
        for (JsonNode m : root.isArray() ? root : JSON.createArrayNode().add(root)) {
            if (m.path("type").asText().equals("error")) {
                errors.add(m);
            }
        }
        return errors;
    }

    @Nested
    class Frames {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tickwire.gateway.security.FuzzCorpusTest#frames")
        void closeTheConnectionWithTheCodeRfc6455Names(FuzzCorpus.Frames frames) {
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(frames.frames().toArray(byte[][]::new));
                assertThat(ws.closeCode()).isEqualTo(frames.closeCode());
            }
        }
    }

    @Nested
    class Http {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tickwire.gateway.security.FuzzCorpusTest#queries")
        void queriesAreRefusedWithTheirCode(FuzzCorpus.Query query) throws IOException {
            Response r = get(query.target());
            assertThat(r.status()).as(r.body()).isEqualTo(query.status());
            if (query.code() != null) {
                assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo(query.code());
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.tickwire.gateway.security.FuzzCorpusTest#traversals")
        void pathsOutsideTheServedFilesAreNotFound(String target) throws IOException {
            Response r = get(target);
            assertThat(r.status()).as(r.body()).isIn(400, 404);
            assertThat(r.body()).doesNotContain("root:").doesNotContain("tickwire:").doesNotContain("Main-Class");
        }
    }

    record Response(int status, String body) {
    }

    /** The target exactly as written: no client library normalises the path or re-encodes it. */
    private Response get(String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) StreamClient.TIMEOUT.toMillis());
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            int bodyAt = all.indexOf("\r\n\r\n");
            return new Response(status, bodyAt < 0 ? "" : all.substring(bodyAt + 4));
        }
    }
}
