package io.tickwire.gateway.admin;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * The revocations of a cluster, in its Redis: the hash {@code tickwire:revocations} (subject → the
 * moment in epoch milliseconds) and the counter {@code tickwire:revocations:version}, raised at each
 * change so nodes read the hash only when it changed. Through Spring Data Redis's reactive template
 * on the {@code spring.data.redis.*} connection (Sentinel included), so it follows a failover.
 */
public final class RedisRevocationStore implements RevocationStore {

    static final String HASH = "tickwire:revocations";
    static final String VERSION = "tickwire:revocations:version";

    private final ReactiveStringRedisTemplate redis;

    public RedisRevocationStore(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Mono<Void> revoke(String subject, Instant at) {
        return redis.opsForHash().put(HASH, subject, Long.toString(at.toEpochMilli()))
                .then(redis.opsForValue().increment(VERSION))
                .then();
    }

    @Override
    public Mono<Void> lift(String subject) {
        return redis.opsForHash().remove(HASH, subject)
                .then(redis.opsForValue().increment(VERSION))
                .then();
    }

    @Override
    public Mono<Map<String, Instant>> all() {
        return redis.<String, String>opsForHash().entries(HASH)
                .collect(HashMap::new, (map, e) -> {
                    Instant at = moment(e.getValue());
                    if (at != null) {
                        map.put(e.getKey(), at);
                    }
                });
    }

    @Override
    public Mono<Long> version() {
        return redis.opsForValue().get(VERSION).map(Long::parseLong).defaultIfEmpty(0L);
    }

    /** A moment as kept; {@code null} for a value no node wrote (ignored, not fatal). */
    private static Instant moment(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
