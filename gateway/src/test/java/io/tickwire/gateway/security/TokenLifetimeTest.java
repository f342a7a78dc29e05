package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A stream ends at its token's {@code exp} (no clock skew here), unless a WebSocket client sends a
 * fresh token of the same subject with the {@code auth} op (PROTOCOL.md §2, §4a).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET, "tickwire.auth.clock-skew=0s"})
@Import(ManualFeedConfiguration.class)
class TokenLifetimeTest {

    private static final Map<String, Object> BOTH = Tokens.grants(List.of("AAPL", "MSFT"), List.of());

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    /** A token of {@code subject} expiring {@code seconds} from now, on a whole second as JWTs are. */
    static String token(String subject, long seconds, Map<String, Object> grants) {
        return Tokens.hmac(subject, expiry(seconds), grants);
    }

    static Instant expiry(long seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aWebSocketIsClosedWith1008TokenExpiredAtItsTokensExpiry() {
        Instant exp = expiry(2);
        try (WsClient ws = WsClient.connect(port, "?access_token=" + Tokens.hmac("alice", exp, BOTH))) {
            ws.subscribe("1", symbols("AAPL"));
            ws.awaitAck();
            assertThat(ws.closeStatus()).isEqualTo(1008);
            assertThat(Instant.now()).as("not before the token's exp").isAfterOrEqualTo(exp);
        }
    }

    @Test
    void anSseStreamEndsAtItsTokensExpiry() {
        Instant exp = expiry(2);
        try (SseClient sse = SseClient.open(port, "/sse?symbols=AAPL&access_token=" + Tokens.hmac("alice", exp, BOTH))) {
            sse.awaitAck();
            assertThat(sse.awaitEnd(PATIENCE)).isTrue();
            assertThat(Instant.now()).isAfterOrEqualTo(exp);
        }
    }

    @Test
    void aFreshTokenKeepsTheConnectionPastTheOldExpiryAndNarrowsItsSymbols() {
        Instant oldExp = expiry(2);
        try (WsClient ws = WsClient.connect(port, "?access_token=" + Tokens.hmac("alice", oldExp, BOTH))) {
            ws.subscribe("1", symbols("AAPL", "MSFT"));
            ws.awaitAck();
            Instant newExp = expiry(600);
            String fresh = Tokens.hmac("alice", newExp, Tokens.grants(List.of("AAPL"), List.of()));
            ws.send("{\"op\":\"auth\",\"id\":\"2\",\"token\":\"" + fresh + "\"}");
            Message revoked = ws.nextReply();
            assertThat(revoked.text("code")).isEqualTo("NOT_ENTITLED");
            assertThat(revoked.body().path("symbols").toString()).isEqualTo("[\"MSFT\"]");
            Message ok = ws.nextReply();
            assertThat(ok.type()).isEqualTo("authenticated");
            assertThat(ok.body().path("exp").asLong()).isEqualTo(newExp.getEpochSecond());

            await().atMost(PATIENCE).until(() -> Instant.now().isAfter(oldExp.plusMillis(500)));
            feed.emit("MSFT");
            Quote aapl = feed.emit("AAPL");
            assertThat(ws.quotesThrough(aapl.seq())).extracting(Message::symbol).containsExactly("AAPL");
            assertThat(ws.isEnded()).isFalse();
        }
    }

    @Test
    void anotherSubjectsTokenOrAForgedOneIsRefusedAndTheOldExpiryStands() {
        Instant exp = expiry(3);
        try (WsClient ws = WsClient.connect(port, "?access_token=" + Tokens.hmac("alice", exp, BOTH))) {
            ws.send("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"" + token("mallory", 600, BOTH) + "\"}");
            assertThat(ws.nextReply().text("code")).isEqualTo("UNAUTHENTICATED");
            ws.send("{\"op\":\"auth\",\"id\":\"b\",\"token\":\"" + Tokens.hmac("0123456789-another-secret-of-32-bytes",
                    "alice", expiry(600), BOTH) + "\"}");
            assertThat(ws.nextReply().text("code")).isEqualTo("UNAUTHENTICATED");
            ws.send("{\"op\":\"auth\",\"id\":\"c\"}");
            assertThat(ws.nextReply().text("code")).isEqualTo("BAD_REQUEST");
            assertThat(ws.closeStatus()).isEqualTo(1008);
            assertThat(Instant.now()).isAfterOrEqualTo(exp);
        }
    }

    @Test
    void anotherSubjectsTokenIsRefusedWithoutClosingThisConnectionOrAnyOther() {
        try (WsClient alice = WsClient.connect(port, "?access_token=" + token("alice", 600, BOTH));
             WsClient bob = WsClient.connect(port, "?access_token=" + token("bob", 600, BOTH))) {
            alice.subscribe("1", symbols("AAPL"));
            alice.awaitAck();
            bob.subscribe("1", symbols("AAPL"));
            bob.awaitAck();
            alice.send("{\"op\":\"auth\",\"id\":\"a\",\"token\":\"" + token("bob", 900, BOTH) + "\"}");
            Message refused = alice.nextReply();
            assertThat(refused.text("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(refused.text("id")).isEqualTo("a");
            assertThat(refused.text("message")).contains("another subject");
            String noSubject = Tokens.token("alice", expiry(900)).without("sub").claim("tickwire", BOTH).hmac();
            alice.send("{\"op\":\"auth\",\"id\":\"b\",\"token\":\"" + noSubject + "\"}");
            assertThat(alice.nextReply().text("code")).isEqualTo("UNAUTHENTICATED");

            Quote aapl = feed.emit("AAPL");
            assertThat(alice.quotesThrough(aapl.seq())).extracting(Message::symbol).contains("AAPL");
            assertThat(bob.quotesThrough(aapl.seq())).extracting(Message::symbol).contains("AAPL");
            assertThat(alice.isEnded()).isFalse();
            assertThat(bob.isEnded()).isFalse();
        }
    }
}
