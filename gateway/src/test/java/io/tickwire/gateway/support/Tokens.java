package io.tickwire.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real JWTs for tests, signed with Nimbus (what Spring Security verifies them with): HS256 with a
 * shared secret, or RS256 with a key a test serves as a JWK Set. Every token names a subject and
 * carries {@code exp}, as the gateway requires (PROTOCOL.md §4a), unless a test takes them out with
 * {@link Builder#without}.
 */
public final class Tokens {

    /** The shared secret the tests configure as {@code tickwire.auth.hmac-secret}. */
    public static final String SECRET = "tickwire-test-secret-0123456789-abcdef";

    private Tokens() {
    }

    /** The {@code tickwire} claim: symbol patterns and group names. */
    public static Map<String, Object> grants(List<String> symbols, List<String> groups) {
        return Map.of("symbols", symbols, "groups", groups);
    }

    /** An HS256 token for {@code subject} with {@code secret}, valid until {@code exp}. */
    public static String hmac(String secret, String subject, Instant exp, Map<String, Object> grants) {
        return token(subject, exp).claim("tickwire", grants).hmac(secret);
    }

    public static String hmac(String subject, Instant exp, Map<String, Object> grants) {
        return hmac(SECRET, subject, exp, grants);
    }

    /** A new 2048-bit RSA key with key id {@code kid}. */
    public static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 token signed with {@code key}, from {@code issuer}. */
    public static String rsa(RSAKey key, String issuer, String subject, Instant exp, Map<String, Object> grants) {
        return token(subject, exp).issuer(issuer).claim("tickwire", grants).rsa(key);
    }

    /** A token of {@code subject} valid until {@code exp}, issued now (an hour before, if it has expired). */
    public static Builder token(String subject, Instant exp) {
        return new Builder().claim("sub", subject).claim("exp", exp)
                .claim("iat", exp.isBefore(Instant.now()) ? exp.minusSeconds(3600) : Instant.now());
    }

    /** The claims of one token, in order; signed by {@link #hmac} or {@link #rsa}. */
    public static final class Builder {

        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets claim {@code name}: an {@link Instant} is written as epoch seconds, a map as a JSON object. */
        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        public Builder issuer(String issuer) {
            return claim("iss", issuer);
        }

        /** One audience is written as a string, several as an array, as identity providers do. */
        public Builder audience(String... audiences) {
            return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
        }

        /** Leaves claim {@code name} out. */
        public Builder without(String name) {
            claims.remove(name);
            return this;
        }

        public String hmac() {
            return hmac(SECRET);
        }

        public String hmac(String secret) {
            return sign(new JWSHeader(JWSAlgorithm.HS256), secret, null);
        }

        public String rsa(RSAKey key) {
            return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), null, key);
        }

        private String sign(JWSHeader header, String secret, RSAKey key) {
            JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
            claims.forEach((name, value) -> b.claim(name, value instanceof Instant i ? Date.from(i) : value));
            try {
                SignedJWT jwt = new SignedJWT(header, b.build());
                jwt.sign(secret != null ? new MACSigner(secret) : new RSASSASigner(key));
                return jwt.serialize();
            }
            catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
