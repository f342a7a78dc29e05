package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the publisher finds Redis, from its flags: one Redis, or the primary Redis Sentinel names. */
class RedisPublisherMainTest {

    static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void redisIsOneRedisItsPasswordInTheUrl() {
        RedisURI uri = RedisPublisherMain.uri(Map.of("redis", "redis://:secret@127.0.0.1:6390"));
        assertThat(uri.getSentinels()).isEmpty();
        assertThat(uri.getPort()).isEqualTo(6390);
        assertThat(credentials(uri).getPassword()).containsExactly("secret".toCharArray());
    }

    @Test
    void sentinelNamesTheSentinelsAndTheMasterWithTheDataNodesAndTheSentinelsPasswordsApart() {
        RedisURI uri = RedisPublisherMain.uri(Map.of("sentinel", "127.0.0.1:26379,127.0.0.1:26380",
                "sentinel-master", "tickwire", "password", "data", "username", "publisher",
                "sentinel-password", "watch"));
        assertThat(uri.getSentinelMasterId()).isEqualTo("tickwire");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("127.0.0.1", 26379), tuple("127.0.0.1", 26380));
        assertThat(credentials(uri).getUsername()).isEqualTo("publisher");
        assertThat(credentials(uri).getPassword()).containsExactly("data".toCharArray());
        assertThat(credentials(uri.getSentinels().get(1)).getPassword()).containsExactly("watch".toCharArray());
    }

    @Test
    void sentinelWithoutAMasterNameIsAClearError() {
        assertThatThrownBy(() -> RedisPublisherMain.uri(Map.of("sentinel", "127.0.0.1:26379")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sentinel-master");
    }
}
