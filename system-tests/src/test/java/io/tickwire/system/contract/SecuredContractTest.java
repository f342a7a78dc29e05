package io.tickwire.system.contract;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;
import static io.tickwire.system.contract.ContractGatewayTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.gateway.support.GatewayTest;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A gateway with authentication on (HS256 tokens) and a small per-subject connection limit: the
 * messages and answers only such a gateway writes ({@code authenticated}, {@code NOT_ENTITLED},
 * {@code UNAUTHENTICATED}, 401, 403, 429 with {@code Retry-After}), validated against the documents.
 */
@TestPropertySource(properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.limits.max-connections-per-subject=2"})
class SecuredContractTest extends GatewayTest {

    /** AAPL and MSFT only. */
    static final Map<String, Object> GRANTS = Tokens.grants(List.of("AAPL", "MSFT"), List.of());

    ApiClient api;

    @BeforeEach
    void anApiClient() {
        api = new ApiClient(port);
    }

    static String token(String subject, Map<String, Object> grants) {
        return Tokens.hmac(subject, Instant.now().plusSeconds(600), grants);
    }

    @Nested
    class OverWebSocket {

        @Test
        void aFreshTokenIsAuthenticatedAndSymbolsItNoLongerGrantsAreNotEntitled() {
            try (WsClient ws = WsClient.connect(port, "?access_token=" + token("alice", GRANTS))) {
                ws.subscribe("1", symbols("AAPL", "MSFT"));
                valid(ws.awaitAck());
                String narrower = token("alice", Tokens.grants(List.of("AAPL"), List.of()));
                ws.send("{\"op\":\"auth\",\"id\":\"2\",\"token\":\"" + narrower + "\"}");
                Message revoked = valid(ws.nextReply());
                assertThat(revoked.text("code")).isEqualTo("NOT_ENTITLED");
                Message authenticated = valid(ws.nextReply());
                assertThat(authenticated.type()).isEqualTo("authenticated");
                assertThat(authenticated.body().get("exp").asLong()).isPositive();
            }
        }

        @Test
        void aSymbolTheTokenDoesNotGrantIsNotEntitled() {
            try (WsClient ws = WsClient.connect(port, "?access_token=" + token("bob", GRANTS))) {
                ws.subscribe("n", symbols("TSLA"));
                Message error = valid(ws.nextReply());
                assertThat(error.text("code")).isEqualTo("NOT_ENTITLED");
                assertThat(error.body().get("symbols")).extracting(JsonNode::asText).containsExactly("TSLA");
            }
        }

        @Test
        void aBadTokenOrAnotherSubjectsIsUnauthenticated() {
            try (WsClient ws = WsClient.connect(port, "?access_token=" + token("carol", GRANTS))) {
                ws.send("{\"op\":\"auth\",\"id\":\"x\",\"token\":\"not.a.token\"}");
                assertThat(valid(ws.nextReply()).text("code")).isEqualTo("UNAUTHENTICATED");
                ws.send("{\"op\":\"auth\",\"id\":\"y\",\"token\":\"" + token("mallory", GRANTS) + "\"}");
                assertThat(valid(ws.nextReply()).text("code")).isEqualTo("UNAUTHENTICATED");
            }
        }
    }

    @Nested
    class OverSse {

        @Test
        void aStreamWithoutATokenOrOfASymbolNotGrantedIsRefusedWithTheHttpErrorBody() {
            assertRefusedSse("/sse?symbols=AAPL", 401, "UNAUTHENTICATED");
            assertRefusedSse("/sse?symbols=TSLA&access_token=" + token("dave", GRANTS), 403, "NOT_ENTITLED");
        }

        void assertRefusedSse(String path, int status, String code) {
            try (SseClient sse = SseClient.open(port, path)) {
                assertThat(sse.status()).isEqualTo(status);
                Message refused = sse.next();
                ASYNCAPI.assertValid("/components/schemas/HttpError", refused.body());
                assertThat(refused.text("code")).isEqualTo(code);
            }
        }
    }

    @Nested
    class OverHttp {

        @Test
        void everyApiPathAnswers401WithTheDocumentedBodyAndHeader() {
            for (String path : List.of("/api/symbols", "/api/quotes", "/api/quotes/poll", "/api/bars")) {
                assertThat(api.get(path, "", null, 401).code()).as(path).isEqualTo("UNAUTHENTICATED");
            }
            for (String path : List.of("/api/publish", "/api/instruments")) {
                assertThat(api.post(path, "[{\"symbol\":\"AAPL\"}]", null, 401).code()).as(path)
                        .isEqualTo("UNAUTHENTICATED");
            }
        }

        @Test
        void theSymbolListIsTheCallersAndASymbolNotGrantedIs403() {
            String alice = token("alice", GRANTS);
            JsonNode symbols = api.get("/api/symbols", "", alice, 200).body();
            assertThat(symbols).extracting(s -> s.get("symbol").asText()).containsExactlyInAnyOrder("AAPL", "MSFT");
            for (String path : List.of("/api/quotes", "/api/quotes/poll")) {
                JsonNode error = api.get(path, "?symbols=TSLA&timeout=0", alice, 403).body();
                assertThat(error.get("symbols")).extracting(JsonNode::asText).containsExactly("TSLA");
            }
        }

        @Test
        void revocationsAnswerAsDocumentedToOperatorsAndRefuseEveryoneElse() {
            String ops = token("ops", Map.of("admin", true));
            String path = "/api/admin/revocations";
            assertThat(api.post(path, "{\"sub\":\"frank\"}", null, 401).code()).isEqualTo("UNAUTHENTICATED");
            assertThat(api.post(path, "{\"sub\":\"frank\"}", token("frank", GRANTS), 403).code())
                    .isEqualTo("NOT_ENTITLED");
            assertThat(api.post(path, "{\"sub\":1}", ops, 400).code()).isEqualTo("BAD_REQUEST");
            ApiClient.Answer revoked = api.post(path, "{\"sub\":\"frank\"}", ops, 200);
            assertThat(revoked.body().get("sub").asText()).isEqualTo("frank");
            JsonNode listed = api.get(path, "", ops, 200).body().get("revocations");
            assertThat(listed).extracting(r -> r.get("sub").asText()).contains("frank");
            assertThat(api.get(path, "", token("grace", GRANTS), 403).code()).isEqualTo("NOT_ENTITLED");
        }

        @Test
        void aPollPastTheCallersConnectionLimitIs429WithRetryAfter() {
            String erin = token("erin", GRANTS);
            try (WsClient a = WsClient.connect(port, "?access_token=" + erin);
                 WsClient b = WsClient.connect(port, "?access_token=" + erin)) {
                a.subscribe("a", symbols("AAPL"));
                a.awaitAck();
                b.subscribe("b", symbols("AAPL"));
                b.awaitAck();
                ApiClient.Answer limited = api.get("/api/quotes/poll", "?symbols=AAPL&timeout=0", erin, 429);
                assertThat(limited.code()).isEqualTo("RATE_LIMITED");
                assertThat(limited.headers().getFirst("Retry-After")).isNotNull();
            }
        }
    }
}
