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
import java.util.List;
import java.util.Map;

/**
 * Real JWTs for tests, signed with Nimbus (what Spring Security verifies them with): HS256 with a
 * shared secret, or RS256 with a key a test serves as a JWK Set.
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
        return sign(new JWSHeader(JWSAlgorithm.HS256), claims(subject, exp, null, grants), secret, null);
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
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims(subject, exp, issuer, grants), null, key);
    }

    private static JWTClaimsSet claims(String subject, Instant exp, String issuer, Map<String, Object> grants) {
        // Issued before it expires, also for a token that has expired already.
        Instant issued = exp.isBefore(Instant.now()) ? exp.minusSeconds(3600) : Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(issued))
                .expirationTime(Date.from(exp)).claim("tickwire", grants);
        if (issuer != null) {
            b.issuer(issuer);
        }
        return b.build();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, String secret, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(secret != null ? new MACSigner(secret) : new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
