package io.tickwire.gateway.observability;

import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A feed's link that the test cuts and restores, standing for a cluster node's Redis link where
 * what is tested is the node's answer to losing it, not Redis ({@code cluster/StepAsideTest} cuts a
 * real one). Import {@link Configuration} to give a gateway one.
 */
public final class SwitchedFeedLink implements FeedLink {

    private volatile boolean up = true;

    public void cut() {
        up = false;
    }

    public void restore() {
        up = true;
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("linkUp", up);
    }

    /** The gateway's feed link is a {@link SwitchedFeedLink}, up at start. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        SwitchedFeedLink switchedFeedLink() {
            return new SwitchedFeedLink();
        }
    }
}
