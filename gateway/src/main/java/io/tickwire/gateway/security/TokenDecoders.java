package io.tickwire.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The JWT decoder of a gateway with authentication on, from the first key source configured: a
 * shared secret ({@code tickwire.auth.hmac-secret}, HS256), or Spring Boot's own keys, a JWK Set
 * ({@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}), an RSA public key
 * ({@code .public-key-location}) or an issuer's discovery document ({@code .issuer-uri}). Every token
 * must be within its {@code exp}/{@code nbf} give or take the clock skew, and from the issuer when
 * one is configured. Spring Security and Nimbus do the JWT work; nothing here parses a token.
 */
public final class TokenDecoders {

    private TokenDecoders() {
    }

    public static NimbusReactiveJwtDecoder of(OAuth2ResourceServerProperties.Jwt keys, String hmacSecret,
                                              Duration clockSkew) {
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
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(clockSkew));
        if (StringUtils.hasText(keys.getIssuerUri())) {
            validators.add(new JwtIssuerValidator(keys.getIssuerUri()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
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
