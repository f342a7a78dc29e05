package io.tickwire.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code exp} of a JWT, read from its payload without verifying it (the gateway verifies; the
 * client only needs to know when to refresh), and when to send the fresh one.
 */
final class JwtExpiry {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Refresh at most this long before {@code exp}, so a clock a little off still makes it. */
    private static final Duration MAX_LEAD = Duration.ofSeconds(30);

    private JwtExpiry() {
    }

    /** The token's {@code exp} claim, or empty if it is not a JWT with a numeric {@code exp}. */
    static Optional<Instant> of(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = payload == null ? null : payload.get("exp");
            return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        }
        catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * How long from {@code now} until a token expiring at {@code exp} should be replaced: half its
     * remaining life, but no earlier than 30 seconds before {@code exp}; zero if it is already due.
     */
    static Duration refreshIn(Instant exp, Instant now) {
        Duration left = Duration.between(now, exp);
        if (left.isNegative() || left.isZero()) {
            return Duration.ZERO;
        }
        Duration lead = left.dividedBy(2).compareTo(MAX_LEAD) < 0 ? left.dividedBy(2) : MAX_LEAD;
        return left.minus(lead);
    }
}
