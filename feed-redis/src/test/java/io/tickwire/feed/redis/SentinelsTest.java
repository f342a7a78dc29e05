package io.tickwire.feed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentinel addresses as Spring Boot's {@code spring.data.redis.sentinel.nodes} and the publisher's flags write them. */
class SentinelsTest {

    @Test
    void nodesAreHostAndPortCommaSeparatedThePortDefaultingTo26379() {
        RedisURI uri = Sentinels.primary("tickwire", Sentinels.nodes(" 127.0.0.1:26380, sentinel-b ,,"), null, null)
                .build();
        assertThat(uri.getSentinelMasterId()).isEqualTo("tickwire");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("127.0.0.1", 26380), tuple("sentinel-b", 26379));
        assertThat(Sentinels.describe(uri)).isEqualTo("the primary of 'tickwire' by Sentinel 127.0.0.1:26380,sentinel-b:26379");
    }

    @Test
    void theSentinelsCredentialsGoOnEachSentinelNotOnTheDataNodes() {
        RedisURI uri = Sentinels.primary("tickwire", List.of("127.0.0.1:26379"), "watcher", "s3cret").build();
        assertThat(uri.getSentinels().get(0).getCredentialsProvider().resolveCredentials().block())
                .satisfies(c -> {
                    assertThat(c.getUsername()).isEqualTo("watcher");
                    assertThat(c.getPassword()).containsExactly("s3cret".toCharArray());
                });
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().hasPassword()).isFalse();
    }

    @Test
    void aMissingMasterNoNodeOrABadPortIsAClearError() {
        assertThatThrownBy(() -> Sentinels.primary(" ", List.of("127.0.0.1:26379"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master");
        assertThatThrownBy(() -> Sentinels.primary("tickwire", List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Sentinels.primary("tickwire", List.of("127.0.0.1:0"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1:0");
        assertThatThrownBy(() -> Sentinels.primary("tickwire", List.of(":26379"), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":26379");
    }
}
