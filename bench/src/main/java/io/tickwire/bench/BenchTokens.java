package io.tickwire.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for the {@code tickwire-auth} peer, which starts the gateway with authentication on
 * and {@link #SECRET}: each bench client gets a subject of its own, entitled to every symbol, valid
 * for a day. Minted with the JDK's HMAC (a bench tool, not the gateway's JWT path, which Spring
 * Security's resource server checks).
 */
final class BenchTokens {

    /** The secret bench/peers/tickwire-auth/start.sh gives the gateway. */
    static final String SECRET = "tickwire-bench-secret-0123456789abcdef0123";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private BenchTokens() {
    }

    /** Whether the system under test wants a token. */
    static boolean needed(String system) {
        return system.endsWith("-auth");
    }

    /** A token for {@code subject}, entitled to every symbol. */
    static String forSubject(String subject) {
        long exp = System.currentTimeMillis() / 1000 + 86_400;
        String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = encode("{\"sub\":\"" + subject + "\",\"exp\":" + exp + ",\"tickwire\":{\"symbols\":[\"*\"]}}");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + B64.encodeToString(signature);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
