package io.tickwire.gateway.admin;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An operator cuts a subject off (PROTOCOL.md §4a): {@code POST /api/admin/revocations} with an admin
 * token ends every stream of that subject on this node (WebSocket 1008 "revoked", SSE ended) and no
 * one else's, and refuses her tokens issued before that moment with a 401, while a token issued
 * after it is taken; only an admin may revoke, list or lift, and a bad request is answered 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET})
@Import(ManualFeedConfiguration.class)
class RevocationTest {

    private static final Map<String, Object> AAPL = Tokens.grants(List.of("AAPL"), List.of());
    private static final Map<String, Object> ADMIN = Map.of("admin", true, "symbols", List.of("*"));

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    MeterRegistry registry;

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(PATIENCE)
                .build();
    }

    private static String token(String subject, Map<String, Object> grants) {
        return Tokens.hmac(subject, Instant.now().plusSeconds(600), grants);
    }

    /** An HS256 token of {@code subject} whose {@code iat} is {@code issued}. */
    static String issuedAt(String subject, Instant issued, Map<String, Object> grants) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .subject(subject).issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(600)))
                    .claim("tickwire", grants).build());
            jwt.sign(new MACSigner(Tokens.SECRET));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebTestClient.ResponseSpec revoke(String adminToken, String body) {
        return http().post().uri("/api/admin/revocations").header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private int symbolsStatus(String token) {
        return http().get().uri("/api/symbols").header("Authorization", "Bearer " + token).exchange()
                .returnResult(String.class).getStatus().value();
    }

    private double counter(String name) {
        var c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRevokedSubjectsStreamsEndAtOnceAndEveryoneElseStaysServed() {
        String alice = token("alice", AAPL);
        double closedBefore = counter("tickwire.revoked.streams");
        double revokedBefore = counter("tickwire.revocations");
        try (WsClient ws = WsClient.connect(port, "?access_token=" + alice);
             SseClient sse = SseClient.open(port, "/sse?symbols=AAPL&access_token=" + alice);
             WsClient bob = WsClient.connect(port, "?access_token=" + token("bob", AAPL))) {
            ws.subscribe("1", symbols("AAPL"));
            ws.awaitAck();
            sse.awaitAck();
            bob.subscribe("1", symbols("AAPL"));
            bob.awaitAck();

            JsonNode answer = revoke(token("ops", ADMIN), "{\"sub\":\"alice\"}").expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(answer.path("sub").asText()).isEqualTo("alice");
            Instant revokedAt = Instant.parse(answer.path("revokedAt").asText());

            assertThat(ws.closeStatus()).isEqualTo(1008);
            assertThat(ws.closeReason()).isEqualTo("revoked");
            assertThat(sse.awaitEnd(StreamClient.TIMEOUT)).as("alice's SSE stream ends").isTrue();

            Quote q = feed.emit("AAPL");
            assertThat(bob.quotesThrough(q.seq())).extracting(Message::seq).contains(q.seq());
            assertThat(bob.isEnded()).isFalse();
            assertThat(counter("tickwire.revoked.streams") - closedBefore).isEqualTo(2);
            assertThat(counter("tickwire.revocations") - revokedBefore).isEqualTo(1);

            assertThat(symbolsStatus(alice)).as("her token from before").isEqualTo(401);
            assertThatThrownBy(() -> WsClient.connect(port, "?access_token=" + alice).close())
                    .as("no upgrade for it either").hasMessageContaining("401");
            try (SseClient again = SseClient.open(port, "/sse?symbols=AAPL&access_token=" + alice)) {
                assertThat(again.awaitRefusal(401).code()).isEqualTo("UNAUTHENTICATED");
            }
            String later = issuedAt("alice", revokedAt.plusSeconds(1), AAPL);
            assertThat(symbolsStatus(later)).as("a token issued after the revocation").isEqualTo(200);
            assertThat(symbolsStatus(token("bob", AAPL))).isEqualTo(200);
        }
    }

    @Test
    void onlyAnAdminRevokesListsAndLiftsAndALiftedSubjectsOldTokensWorkAgain() {
        String carol = token("carol", AAPL);
        String admin = token("ops", ADMIN);
        http().post().uri("/api/admin/revocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"sub\":\"carol\"}").exchange().expectStatus().isUnauthorized();
        revoke(token("mallory", AAPL), "{\"sub\":\"carol\"}").expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ENTITLED");
        assertThat(symbolsStatus(carol)).as("nothing was revoked").isEqualTo(200);

        revoke(admin, "{\"sub\":\"carol\"}").expectStatus().isOk();
        assertThat(symbolsStatus(carol)).isEqualTo(401);
        http().get().uri("/api/admin/revocations").header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.revocations[?(@.sub == 'carol')].revokedAt").exists();
        http().get().uri("/api/admin/revocations").header("Authorization", "Bearer " + carol).exchange()
                .expectStatus().isUnauthorized();
        http().delete().uri("/api/admin/revocations/carol").header("Authorization", "Bearer " + token("dave", AAPL))
                .exchange().expectStatus().isForbidden();

        http().delete().uri("/api/admin/revocations/carol").header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.lifted").isEqualTo(true);
        assertThat(symbolsStatus(carol)).as("lifted: her old token is taken again").isEqualTo(200);
    }

    @Test
    void aBadRevocationIsA400AndChangesNothing() {
        String admin = token("ops", ADMIN);
        String erin = token("erin", AAPL);
        for (String body : List.of("", "not json", "[]", "{}", "{\"sub\":\"\"}", "{\"sub\":42}",
                "{\"sub\":\"" + "x".repeat(257) + "\"}", "{\"sub\":\"" + "y".repeat(5000) + "\"}")) {
            revoke(admin, body).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("BAD_REQUEST");
        }
        assertThat(symbolsStatus(erin)).isEqualTo(200);
    }
}
