package io.tickwire.system.contract;

import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;
import static io.tickwire.system.contract.ContractDocument.OPENAPI;
import static io.tickwire.system.contract.ContractDocument.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickwire.gateway.wire.ErrorCode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The contract documents themselves: served by the gateway at stable paths, exactly as in
 * {@code docs/}; well formed; naming every error code and every message type the gateway can
 * write, so a new one cannot ship undocumented; and tight enough that drift fails validation.
 */
class ContractDocumentsTest extends ContractGatewayTest {

    /** Where the gateway's JSON is written: every message {@code type} it can send is spelled in here. */
    static final Path WIRE = ContractDocument.DOCS.resolveSibling("gateway/src/main/java/io/tickwire/gateway/wire");
    static final Pattern TYPE = Pattern.compile("message\\(\"(\\w+)\"|\\\\\"type\\\\\":\\\\\"(\\w+)\\\\\"");

    @Nested
    class Served {

        @Test
        void bothDocumentsAreServedAtTheirStablePathsByteForByte() {
            WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
            for (ContractDocument doc : List.of(ASYNCAPI, OPENAPI)) {
                byte[] served = http.get().uri("/contract/" + doc.file()).exchange()
                        .expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
                assertThat(served).as("/contract/%s is docs/%s", doc.file(), doc.file()).isEqualTo(doc.bytes());
            }
        }
    }

    @Nested
    class Complete {

        @Test
        void everyErrorCodeIsDocumentedInBothDocuments() {
            Set<String> codes = new TreeSet<>();
            Arrays.stream(ErrorCode.values()).forEach(c -> codes.add(c.name()));
            Set<String> async = new TreeSet<>();
            ASYNCAPI.at("/components/schemas/ErrorCode/oneOf").forEach(c -> async.add(c.get("const").asText()));
            Set<String> open = new TreeSet<>();
            OPENAPI.at("/components/schemas/ErrorCode/enum").forEach(c -> open.add(c.asText()));
            assertThat(async).isEqualTo(codes);
            assertThat(open).isEqualTo(codes);
        }

        @Test
        void everyMessageTypeTheWirePackageWritesIsADocumentedServerMessage() throws IOException {
            Set<String> types = new TreeSet<>();
            try (Stream<Path> files = Files.list(WIRE)) {
                for (Path f : files.toList()) {
                    Matcher m = TYPE.matcher(Files.readString(f));
                    while (m.find()) {
                        types.add(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
            assertThat(types).as("types found in %s", WIRE.toAbsolutePath())
                    .contains("quote", "heartbeat", "subscribed", "unsubscribed", "pong", "authenticated", "error");
            Set<String> union = new HashSet<>();
            ASYNCAPI.at("/components/schemas/ServerMessage/oneOf")
                    .forEach(r -> union.add(ASYNCAPI.target(r.get("$ref").asText())));
            for (String type : types) {
                String payload = ASYNCAPI.resolve("/components/messages/" + type + "/payload");
                String schema = ASYNCAPI.target(ASYNCAPI.at(payload).get("$ref").asText());
                assertThat(ASYNCAPI.at(schema + "/properties/type/const").asText()).as(type).isEqualTo(type);
                assertThat(union).as("ServerMessage includes %s", schema).contains(schema);
                assertThat(ASYNCAPI.at("/channels/ws/messages/" + type).isMissingNode()).as("/ws carries " + type)
                        .isFalse();
            }
        }

        @Test
        void theOpenApiDocumentDescribesEveryApiPath() {
            List<String> paths = new ArrayList<>();
            OPENAPI.at("/paths").fieldNames().forEachRemaining(paths::add);
            assertThat(paths).containsExactlyInAnyOrder("/api/symbols", "/api/quotes", "/api/quotes/poll", "/api/bars",
                    "/api/publish", "/api/instruments", "/api/admin/revocations", "/api/admin/revocations/{sub}");
        }

        @Test
        void everyExampleInEitherDocumentIsValidAgainstItsSchema() {
            List<String> checked = new ArrayList<>();
            // OpenAPI: media types and parameters, each with its schema beside its example(s).
            examples(OPENAPI, "", OPENAPI.root(), checked);
            // AsyncAPI: each message's examples against its payload.
            ASYNCAPI.at("/components/messages").fields().forEachRemaining(m -> {
                for (int i = 0; i < m.getValue().path("examples").size(); i++) {
                    String payload = "/components/messages/" + m.getKey() + "/payload";
                    ASYNCAPI.assertValid(payload, m.getValue().path("examples").get(i).get("payload"));
                    checked.add(payload);
                }
            });
            assertThat(checked).as("examples checked").hasSizeGreaterThan(10);
        }

        private void examples(ContractDocument doc, String pointer, JsonNode node, List<String> checked) {
            if (node.has("schema") && node.has("example")) {
                doc.assertValid(pointer + "/schema", node.get("example"));
                checked.add(pointer);
            }
            if (node.has("schema") && node.path("examples").isObject()) {
                node.get("examples").forEach(e -> doc.assertValid(pointer + "/schema", e.get("value")));
                checked.add(pointer);
            }
            node.fields().forEachRemaining(f -> {
                if (f.getValue().isContainerNode() && !f.getKey().equals("schema")) {
                    examples(doc, pointer + "/" + ContractDocument.token(f.getKey()), f.getValue(), checked);
                }
            });
        }
    }

    @Nested
    class WellFormed {

        @Test
        void topLevelKeysAreThereAndVersionsAreThoseTheToolsRead() {
            assertThat(ASYNCAPI.at("/asyncapi").asText()).isEqualTo("3.0.0");
            assertThat(OPENAPI.at("/openapi").asText()).startsWith("3.1.");
            for (String key : List.of("info", "servers", "channels", "operations", "components")) {
                assertThat(ASYNCAPI.root().has(key)).as("asyncapi has " + key).isTrue();
            }
            for (String key : List.of("info", "paths", "components")) {
                assertThat(OPENAPI.root().has(key)).as("openapi has " + key).isTrue();
            }
            assertThat(ASYNCAPI.at("/info/version").asText()).isEqualTo(OPENAPI.at("/info/version").asText());
        }

        @Test
        void everyRefResolvesInsideItsDocument() {
            for (ContractDocument doc : List.of(ASYNCAPI, OPENAPI)) {
                assertThat(doc.refs()).as(doc.file()).isNotEmpty().allSatisfy(doc::target);
            }
        }

        @Test
        void everyMessageIsOnAChannelAndEveryOperationSendsOrReceivesMessagesOfItsChannel() {
            Set<String> onChannels = new HashSet<>();
            ASYNCAPI.at("/channels").forEach(ch -> ch.path("messages")
                    .forEach(m -> onChannels.add(ASYNCAPI.target(m.get("$ref").asText()))));
            ASYNCAPI.at("/components/messages").fieldNames().forEachRemaining(name ->
                    assertThat(onChannels).as("a channel carries message " + name).contains("/components/messages/" + name));
            Set<String> used = new HashSet<>();
            ASYNCAPI.at("/operations").fields().forEachRemaining(op -> {
                String channel = ASYNCAPI.target(op.getValue().at("/channel/$ref").asText());
                assertThat(op.getValue().get("action").asText()).as(op.getKey()).isIn("send", "receive");
                List<JsonNode> refs = new ArrayList<>();
                op.getValue().path("messages").forEach(refs::add);
                op.getValue().at("/reply/messages").forEach(refs::add);
                assertThat(refs).as(op.getKey() + " has messages").isNotEmpty();
                for (JsonNode ref : refs) {
                    String target = ASYNCAPI.target(ref.get("$ref").asText());
                    assertThat(target).as(op.getKey()).startsWith(channel + "/messages/");
                    used.add(target);
                }
            });
            ASYNCAPI.at("/channels").fields().forEachRemaining(ch -> ch.getValue().path("messages").fieldNames()
                    .forEachRemaining(m -> assertThat(used).as("an operation uses " + m)
                            .contains("/channels/" + ch.getKey() + "/messages/" + m)));
        }
    }

    @Nested
    class Tight {

        static final String QUOTE = "{\"type\":\"quote\",\"symbol\":\"AAPL\",\"seq\":1234567,\"ts\":1763712000123456,"
                + "\"bid\":189.31,\"ask\":189.33,\"last\":189.32,\"bidSize\":300,\"askSize\":200,\"lastSize\":100,"
                + "\"volume\":1203400,\"open\":188.10}";
        static final String CRYPTO = "{\"type\":\"quote\",\"symbol\":\"BTC-USD\",\"seq\":1234569,\"ts\":1763712000123620,"
                + "\"bid\":97123.45,\"ask\":97123.46,\"last\":97123.46,\"bidSize\":0.0153,\"askSize\":1.2,"
                + "\"lastSize\":0.00000001,\"volume\":12345.67891234,\"open\":95000.00}";
        static final String FX = "{\"type\":\"quote\",\"symbol\":\"EUR/USD\",\"seq\":1234568,\"ts\":1763712000123501,"
                + "\"bid\":1.08345,\"ask\":1.08347,\"last\":1.08346,\"bidSize\":1000000,\"askSize\":2000000,"
                + "\"lastSize\":1000000,\"volume\":5000000000,\"open\":1.08112}";
        static final String INSTRUMENT = "{\"symbol\":\"EUR/USD\",\"name\":\"Euro / US Dollar\",\"type\":\"fx\","
                + "\"currency\":\"USD\",\"tickSize\":0.00001,\"priceDecimals\":5,\"sizeDecimals\":0}";
        static final String QUOTE_PAYLOAD = "/components/messages/quote/payload";
        static final String INSTRUMENTS = ApiClient.responseSchema("get", "/api/symbols", 200);

        /** {@code json} with {@code field} set to {@code value} (a String, BigDecimal or Integer), or removed for null. */
        static ObjectNode with(String json, String field, Object value) {
            ObjectNode n = (ObjectNode) json(json);
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            if (value == null) {
                n.remove(field);
            }
            else {
                n.set(field, value instanceof String text ? nodes.textNode(text)
                        : value instanceof BigDecimal d ? nodes.numberNode(d) : nodes.numberNode((Integer) value));
            }
            return n;
        }

        static void assertQuoteInvalid(JsonNode drift) {
            ASYNCAPI.assertInvalid(QUOTE_PAYLOAD, drift);
            OPENAPI.assertInvalid("/components/schemas/Quote", drift);
        }

        @Test
        void quotesOfEveryKindAreValidWithFractionalSizesAndSymbolsOfEverySyntax() {
            for (String q : List.of(QUOTE, FX, CRYPTO, QUOTE.replace("AAPL", "XETR:SAP"), QUOTE.replace("AAPL", "btcusdt"))) {
                ASYNCAPI.assertValid(QUOTE_PAYLOAD, json(q));
                OPENAPI.assertValid("/components/schemas/Quote", json(q));
            }
        }

        @Test
        void aQuoteWithAFieldMoreOrLessOrOffItsTypeOrPrecisionIsRefused() {
            ObjectNode extra = (ObjectNode) json(QUOTE);
            extra.put("venue", "XNAS");
            ObjectNode missing = (ObjectNode) json(QUOTE);
            missing.remove("seq");
            for (JsonNode drift : List.of(extra, missing, with(QUOTE, "bid", "189.31"),
                    with(QUOTE, "ask", new BigDecimal("189.33000000001")),
                    with(CRYPTO, "bidSize", new BigDecimal("0.000000001")), with(CRYPTO, "volume", new BigDecimal("-1")),
                    with(QUOTE, "lastSize", 0), with(QUOTE, "symbol", "AAPL US"), with(QUOTE, "symbol", "X".repeat(33)))) {
                assertQuoteInvalid(drift);
            }
        }

        @Test
        void anInstrumentHasEveryFieldOfItsKindAndRange() {
            OPENAPI.assertValid(INSTRUMENTS, json("[" + INSTRUMENT + "]"));
            for (ObjectNode drift : List.of(with(INSTRUMENT, "currency", null), with(INSTRUMENT, "type", "bond"),
                    with(INSTRUMENT, "currency", "usd"), with(INSTRUMENT, "priceDecimals", 11),
                    with(INSTRUMENT, "sizeDecimals", 9), with(INSTRUMENT, "tickSize", new BigDecimal("0")),
                    with(INSTRUMENT, "name", ""), with(INSTRUMENT, "venue", "XNAS"))) {
                OPENAPI.assertInvalid(INSTRUMENTS, JsonNodeFactory.instance.arrayNode().add(drift));
            }
        }

        @Test
        void aPublisherMayLeaveOutWhatDefaultsButNotStampTheSeq() {
            String define = ApiClient.requestSchema("/api/instruments");
            OPENAPI.assertValid(define, json("[{\"symbol\":\"ESZ6\"},{\"symbol\":\"BTC-USD\",\"type\":\"crypto\","
                    + "\"sizeDecimals\":8}]"));
            OPENAPI.assertInvalid(define, json("[{\"name\":\"no symbol\"}]"));
            OPENAPI.assertInvalid(define, json("[]"));
            String publish = ApiClient.requestSchema("/api/publish");
            ObjectNode published = (ObjectNode) json(CRYPTO);
            published.remove(List.of("type", "seq", "ts"));
            OPENAPI.assertValid(publish, JsonNodeFactory.instance.arrayNode().add(published));
            OPENAPI.assertInvalid(publish, JsonNodeFactory.instance.arrayNode().add(published.deepCopy().put("seq", 1)));
            OPENAPI.assertInvalid(publish, JsonNodeFactory.instance.arrayNode().add(with(published.toString(), "ask", null)));
        }

        @Test
        void onlyARefusalOfAPublishedItemCarriesItsIndex() {
            String publish400 = ApiClient.responseSchema("post", "/api/publish", 400);
            OPENAPI.assertValid(publish400, json("{\"code\":\"BAD_QUOTE\",\"message\":\"quotes[1] (ESZ6): no\",\"index\":1}"));
            OPENAPI.assertInvalid(publish400, json("{\"code\":\"BAD_QUOTE\",\"message\":\"no index\"}"));
            OPENAPI.assertInvalid(publish400, json("{\"code\":\"BAD_REQUEST\",\"message\":\"an index\",\"index\":0}"));
            OPENAPI.assertInvalid(publish400, json("{\"code\":\"BAD_INSTRUMENT\",\"message\":\"a define's\",\"index\":0}"));
            ASYNCAPI.assertInvalid("/components/schemas/HttpError", json("{\"code\":\"BAD_QUOTE\",\"message\":\"x\"}"));
        }

        @Test
        void anUnknownErrorCodeOrAnArrayOfNonMessagesIsRefused() {
            ASYNCAPI.assertInvalid("/components/messages/error/payload",
                    json("{\"type\":\"error\",\"code\":\"TEAPOT\",\"message\":\"no\"}"));
            OPENAPI.assertInvalid(ApiClient.responseSchema("get", "/api/quotes", 400),
                    json("{\"code\":\"NOT_ENTITLED\",\"message\":\"a 403's code in a 400\"}"));
            ASYNCAPI.assertInvalid("/components/schemas/Frame", json("[{\"type\":\"quote\"}]"));
            ASYNCAPI.assertInvalid("/components/schemas/Frame", json("{\"type\":\"hello\"}"));
        }
    }
}
