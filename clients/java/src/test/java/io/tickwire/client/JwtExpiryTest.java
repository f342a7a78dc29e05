package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtExpiryTest {

    static String jwt(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void readsExpFromThePayloadWithoutCheckingTheSignature() {
        String token = jwt("{\"sub\":\"alice\",\"exp\":1893456000,\"tickwire\":{\"symbols\":[\"AAPL\"]}}");
        assertThat(JwtExpiry.of(token)).contains(Instant.ofEpochSecond(1_893_456_000L));
    }

    @Test
    void aTokenWithoutANumericExpOrNotAJwtHasNone() {
        assertThat(JwtExpiry.of(jwt("{\"sub\":\"alice\"}"))).isEmpty();
        assertThat(JwtExpiry.of(jwt("{\"exp\":\"tomorrow\"}"))).isEmpty();
        assertThat(JwtExpiry.of(jwt("[1,2]"))).isEmpty();
        assertThat(JwtExpiry.of("opaque-api-key")).isEmpty();
        assertThat(JwtExpiry.of("a.!!!not-base64!!!.c")).isEmpty();
        assertThat(JwtExpiry.of("a." + Base64.getUrlEncoder().encodeToString("{not json".getBytes()) + ".c")).isEmpty();
        assertThat(JwtExpiry.of(null)).isEmpty();
    }

    @Test
    void aShortTokenIsRefreshedHalfwayAndALongOneThirtySecondsBeforeItsExp() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(JwtExpiry.refreshIn(now.plusSeconds(2), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(JwtExpiry.refreshIn(now.plusSeconds(3600), now)).isEqualTo(Duration.ofSeconds(3570));
        assertThat(JwtExpiry.refreshIn(now.minusSeconds(1), now)).isEqualTo(Duration.ZERO);
    }
}
