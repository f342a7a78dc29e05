package io.tickwire.gateway.config;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.RedisFeedSettings;
import io.tickwire.feed.redis.RedisQuoteFeed;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.feed.redis.WaitForReplicas;
import io.tickwire.gateway.observability.RedisFeedMeterBinder;
import io.tickwire.gateway.publish.RedisQuoteSink;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.data.redis.RedisReactiveHealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * A node of a cluster ({@code tickwire.feed.source=redis}): the quotes publishers put into the
 * Redis that Spring Boot's {@code spring.data.redis.*} names (standalone: {@code url}, or {@code host},
 * {@code port}, {@code database}, {@code username}, {@code password}, {@code ssl.enabled},
 * {@code client-name}; or, as Spring Boot has it, the primary Redis Sentinel names when
 * {@code sentinel.master} and {@code sentinel.nodes} are set, with {@code sentinel.username} and
 * {@code sentinel.password} for the sentinels and the data nodes' credentials as above); the
 * backplane's meters; and {@code /actuator/health}'s {@code redis}
 * component, Spring Data Redis's own check, which is off on a node without Redis; and the
 * sink of what users publish over HTTP to this node, into the same Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tickwire.feed.source", havingValue = "redis")
public class RedisFeedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RedisFeedConfiguration.class);

    @Bean
    RedisQuoteFeed redisQuoteFeed(TickwireProperties properties, RedisProperties redis) {
        TickwireProperties.Redis r = properties.redis();
        RedisURI uri = uri(redis);
        log.info("Cluster feed: following the quote stream of Redis at {} (database {})", Sentinels.describe(uri),
                uri.getDatabase());
        return new RedisQuoteFeed(uri, new RedisFeedSettings(r.streamMaxLen(), r.readCount(), r.block(),
                r.symbolsInterval(), r.minBackoff(), r.maxBackoff()));
    }

    /**
     * Where quotes published over HTTP to this node go: the cluster's Redis, so every node serves
     * them; acknowledged once {@code tickwire.redis.wait-replicas} replicas hold them, if set.
     */
    @Bean
    RedisQuoteSink redisQuoteSink(TickwireProperties properties, RedisProperties redis) {
        TickwireProperties.Redis r = properties.redis();
        return new RedisQuoteSink(uri(redis), r.streamMaxLen(), new WaitForReplicas(r.waitReplicas(), r.waitTimeout()));
    }

    @Bean
    RedisFeedMeterBinder redisFeedMeterBinder(RedisQuoteFeed feed) {
        return new RedisFeedMeterBinder(feed.stats());
    }

    /** Named so that the health component is {@code redis}. */
    @Bean
    RedisReactiveHealthIndicator redisHealthIndicator(ReactiveRedisConnectionFactory factory) {
        return new RedisReactiveHealthIndicator(factory);
    }

    /**
     * The Redis that {@code spring.data.redis.*} names, as Lettuce addresses it, read as Spring Boot
     * reads it for its own connection factory: Sentinel when {@code sentinel.*} is set (the
     * primary is looked up on every connect), else {@code url}, else {@code host} and {@code port}.
     */
    static RedisURI uri(RedisProperties p) {
        if (p.getSentinel() != null) {
            return sentinelUri(p, p.getSentinel());
        }
        if (StringUtils.hasText(p.getUrl())) {
            return RedisURI.create(p.getUrl());
        }
        return identified(RedisURI.builder().withHost(p.getHost()).withPort(p.getPort())
                .withDatabase(p.getDatabase()).withSsl(p.getSsl().isEnabled()), p.getUsername(), p.getPassword(),
                p.getClientName());
    }

    /** Boot's reading: the data nodes' username and password from {@code url} if it is set, else their own keys. */
    private static RedisURI sentinelUri(RedisProperties p, RedisProperties.Sentinel s) {
        RedisURI.Builder b = Sentinels.primary(s.getMaster(), s.getNodes(), s.getUsername(), s.getPassword())
                .withDatabase(p.getDatabase()).withSsl(p.getSsl().isEnabled());
        String username = p.getUsername();
        String password = p.getPassword();
        if (StringUtils.hasText(p.getUrl())) {
            String info = URI.create(p.getUrl()).getUserInfo();
            int colon = info == null ? -1 : info.indexOf(':');
            username = info == null || colon < 0 ? null : info.substring(0, colon);
            password = info == null ? null : info.substring(colon + 1);
        }
        return identified(b, username, password, p.getClientName());
    }

    /** {@code b} with the data nodes' credentials (a password alone, or a user's) and the client name, where set. */
    private static RedisURI identified(RedisURI.Builder b, String username, String password, String clientName) {
        if (StringUtils.hasText(password)) {
            b = StringUtils.hasText(username) ? b.withAuthentication(username, password.toCharArray())
                    : b.withPassword(password.toCharArray());
        }
        if (StringUtils.hasText(clientName)) {
            b = b.withClientName(clientName);
        }
        return b.build();
    }
}
