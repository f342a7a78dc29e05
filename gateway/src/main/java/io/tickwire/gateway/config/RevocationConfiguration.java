package io.tickwire.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.admin.LocalRevocationStore;
import io.tickwire.gateway.admin.RedisRevocationStore;
import io.tickwire.gateway.admin.RevocationHandler;
import io.tickwire.gateway.admin.RevocationStore;
import io.tickwire.gateway.admin.RevocationSync;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.security.Admissions;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.ConnectionLimits;
import io.tickwire.gateway.security.Revocations;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * How streams are let in on every transport ({@link Admissions}) and how an operator cuts a subject
 * off (PROTOCOL.md §4a): the list of revocations, which the token decoder consults
 * ({@link Revocations} is a token validator), kept in the cluster's Redis on a cluster node and in
 * {@code tickwire.revocation.file} (or memory) on a single node, followed by every node, and
 * {@code /api/admin/revocations}.
 */
@Configuration(proxyBeanMethods = false)
public class RevocationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RevocationConfiguration.class);

    @Bean
    Revocations revocations(TickwireProperties properties) {
        return new Revocations(properties.revocation().retention(), Clock.systemUTC());
    }

    @Bean
    Admissions admissions(ConnectionLimits limits, Revocations revocations) {
        return new Admissions(limits, revocations);
    }

    @Bean
    RevocationStore revocationStore(TickwireProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
                                    ObjectMapper mapper) {
        if (properties.feed().source() == TickwireProperties.FeedSource.REDIS) {
            return new RedisRevocationStore(redis.getObject());
        }
        TickwireProperties.Revocation r = properties.revocation();
        if (r.file() == null && properties.auth().enabled()) {
            log.info("Revocations are kept in memory: a restart forgets them (tickwire.revocation.file keeps them)");
        }
        return new LocalRevocationStore(r.file(), mapper);
    }

    @Bean(destroyMethod = "stop")
    RevocationSync revocationSync(RevocationStore store, Revocations revocations, Admissions admissions,
                                  MeterRegistry registry, TickwireProperties properties) {
        boolean cluster = properties.feed().source() == TickwireProperties.FeedSource.REDIS;
        RevocationSync sync = new RevocationSync(store, revocations, admissions, revokedStreams(registry),
                cluster ? properties.revocation().syncInterval() : null);
        sync.start(Duration.ofSeconds(2));
        return sync;
    }

    @Bean
    RevocationHandler revocationHandler(Callers callers, Admissions admissions, Revocations revocations,
                                        RevocationStore store, ObjectMapper mapper, GatewayMeters meters,
                                        MeterRegistry registry, TickwireProperties properties) {
        Counter revoked = Counter.builder(MetricNames.REVOCATIONS)
                .description("Subjects revoked through this node's POST /api/admin/revocations").register(registry);
        return new RevocationHandler(callers, admissions, revocations, store, mapper, meters, revoked,
                revokedStreams(registry), Clock.systemUTC(), properties.revocation().maxEntries());
    }

    @Bean
    RouterFunction<ServerResponse> adminRoutes(RevocationHandler revocations) {
        return RouterFunctions.route()
                .POST("/api/admin/revocations", revocations::revoke)
                .GET("/api/admin/revocations", revocations::list)
                .DELETE("/api/admin/revocations/{sub}", revocations::lift)
                .build();
    }

    private static Counter revokedStreams(MeterRegistry registry) {
        return Counter.builder(MetricNames.REVOKED_STREAMS)
                .description("Streams this node closed because their subject was revoked").register(registry);
    }
}
