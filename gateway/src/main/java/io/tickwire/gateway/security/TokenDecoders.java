package io.tickwire.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The JWT decoder of a gateway with authentication on, from the first key source configured: a
 * shared secret ({@code tickwire.auth.hmac-secret}, HS256), or Spring Boot's own keys, a JWK Set
 * ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}), an RSA public key
 * ({@code .public-key-location}) or an issuer's discovery document ({@code .issuer-uri}).
 *
 * <p>Every token must (PROTOCOL.md §4a) name its subject ({@code sub}, not blank) and carry an
 * {@code exp}; be within its {@code exp}/{@code nbf} give or take the clock skew; be from the issuer
 * when {@code .issuer-uri} is set; be for one of the audiences when {@code .audiences} is set (any
 * of them, as Spring Boot's own decoder reads that key); and pass the extra validators given (such
 * as a revocation list). A token failing any is refused like an invalid one: 401 at connect,
 * {@code UNAUTHENTICATED} for a WebSocket {@code auth} op. Spring Security's validators and Nimbus do
 * the JWT work; nothing here parses a token.
 */
public final class TokenDecoders {

    private TokenDecoders() {
    }

    /**
     * @param keys       Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*}
     * @param hmacSecret {@code tickwire.auth.hmac-secret}, or {@code null} for Spring Boot's keys
     * @param clockSkew  leeway for {@code exp} and {@code nbf}
     * @param extra      validators applied after the gateway's own, in this order
     */
    public static NimbusReactiveJwtDecoder of(OAuth2ResourceServerProperties.Jwt keys, String hmacSecret,
                                              Duration clockSkew, List<OAuth2TokenValidator<Jwt>> extra) {
        NimbusReactiveJwtDecoder decoder;
        if (StringUtils.hasText(hmacSecret)) {
            byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalArgumentException("tickwire.auth.hmac-secret must be at least 32 bytes for HS256");
            }
            decoder = NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        else if (StringUtils.hasText(keys.getJwkSetUri())) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(keys.getJwkSetUri())
                    .jwsAlgorithms(algorithms -> keys.getJwsAlgorithms().stream()
                            .map(SignatureAlgorithm::from).forEach(algorithms::add))
                    .build();
        }
        else if (keys.getPublicKeyLocation() != null) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(publicKey(keys)).build();
        }
        else if (StringUtils.hasText(keys.getIssuerUri())) {
            decoder = NimbusReactiveJwtDecoder.withIssuerLocation(keys.getIssuerUri()).build();
        }
        else {
            throw new IllegalStateException("tickwire.auth.enabled=true needs a key: tickwire.auth.hmac-secret, or "
                    + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri, .public-key-location or .issuer-uri");
        }
        decoder.setJwtValidator(validator(keys, clockSkew, extra));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(OAuth2ResourceServerProperties.Jwt keys, Duration clockSkew,
                                               List<OAuth2TokenValidator<Jwt>> extra) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        // JwtTimestampValidator checks exp only where there is one: a token without it would never expire.
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
        validators.add(new JwtTimestampValidator(clockSkew));
        if (StringUtils.hasText(keys.getIssuerUri())) {
            validators.add(new JwtIssuerValidator(keys.getIssuerUri()));
        }
        List<String> audiences = keys.getAudiences();
        if (audiences != null && !audiences.isEmpty()) {
            // Any one of them, as Spring Boot's own decoder reads the key (JwtAudienceValidator takes only one).
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && !Collections.disjoint(aud, audiences)));
        }
        validators.addAll(extra);
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static RSAPublicKey publicKey(OAuth2ResourceServerProperties.Jwt keys) {
        try (InputStream in = keys.getPublicKeyLocation().getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + keys.getPublicKeyLocation(), e);
        }
    }
}
