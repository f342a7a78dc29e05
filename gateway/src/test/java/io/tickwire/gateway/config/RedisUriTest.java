package io.tickwire.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.data.redis.RedisProperties;

/**
 * {@code spring.data.redis.*} read into the address the feed and the publish sink use, as Spring
 * Boot reads the same keys for its own connection factory (the {@code redis} health component).
 */
class RedisUriTest {

    static RedisProperties.Sentinel sentinel(String master, String... nodes) {
        RedisProperties.Sentinel s = new RedisProperties.Sentinel();
        s.setMaster(master);
        s.setNodes(List.of(nodes));
        return s;
    }

    static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    void sentinelSettingsNameTheMasterAndEverySentinelAndWinOverTheUrlAsInSpringBoot() {
        RedisProperties p = new RedisProperties();
        p.setUrl("redis://10.0.0.9:6379");
        p.setDatabase(3);
        RedisProperties.Sentinel s = sentinel("tickwire", "127.0.0.1:26379", "sentinel-b:26380", "sentinel-c");
        s.setPassword("sentinel-secret");
        p.setSentinel(s);

        RedisURI uri = RedisFeedConfiguration.uri(p);

        assertThat(uri.getSentinelMasterId()).isEqualTo("tickwire");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("127.0.0.1", 26379),
                        tuple("sentinel-b", 26380),
                        tuple("sentinel-c", 26379));
        assertThat(uri.getSentinels()).allSatisfy(n ->
                assertThat(credentials(n).getPassword()).containsExactly("sentinel-secret".toCharArray()));
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(credentials(uri).hasPassword()).as("the data nodes have no password here").isFalse();
    }

    @Test
    void theDataNodesCredentialsComeFromTheUrlIfSetElseFromUsernameAndPassword() {
        RedisProperties fromKeys = new RedisProperties();
        fromKeys.setUsername("feed");
        fromKeys.setPassword("data-secret");
        fromKeys.setSentinel(sentinel("tickwire", "127.0.0.1:26379"));
        RedisCredentials c = credentials(RedisFeedConfiguration.uri(fromKeys));
        assertThat(c.getUsername()).isEqualTo("feed");
        assertThat(c.getPassword()).containsExactly("data-secret".toCharArray());
        assertThat(credentials(RedisFeedConfiguration.uri(fromKeys).getSentinels().get(0)).hasPassword()).isFalse();

        RedisProperties fromUrl = new RedisProperties();
        fromUrl.setUrl("redis://:url-secret@127.0.0.1:6379");
        fromUrl.setPassword("ignored");
        fromUrl.setSentinel(sentinel("tickwire", "127.0.0.1:26379"));
        assertThat(credentials(RedisFeedConfiguration.uri(fromUrl)).getPassword())
                .containsExactly("url-secret".toCharArray());
    }

    @Test
    void withoutSentinelTheUrlOrHostAndPortAreUsedAsBefore() {
        RedisProperties p = new RedisProperties();
        p.setHost("10.0.0.7");
        p.setPort(6380);
        RedisURI uri = RedisFeedConfiguration.uri(p);
        assertThat(uri.getSentinels()).isEmpty();
        assertThat(uri.getHost()).isEqualTo("10.0.0.7");
        assertThat(uri.getPort()).isEqualTo(6380);
    }

    @Test
    void aSentinelSettingWithoutMasterOrNodesIsAClearError() {
        RedisProperties noMaster = new RedisProperties();
        noMaster.setSentinel(sentinel(null, "127.0.0.1:26379"));
        assertThatThrownBy(() -> RedisFeedConfiguration.uri(noMaster)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spring.data.redis.sentinel.master");
        RedisProperties badNode = new RedisProperties();
        badNode.setSentinel(sentinel("tickwire", "127.0.0.1:sixty"));
        assertThatThrownBy(() -> RedisFeedConfiguration.uri(badNode)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1:sixty");
        RedisProperties noNodes = new RedisProperties();
        noNodes.setSentinel(sentinel("tickwire"));
        assertThatThrownBy(() -> RedisFeedConfiguration.uri(noNodes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spring.data.redis.sentinel.nodes");
    }
}
