package io.tickwire.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.support.HubFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session ends when its token does, unless a fresh token moves the end; on the hub's (virtual) clock. */
class SessionExpiryTest {

    @Test
    void aSessionEndsAtItsExpiryAndReleasesItsSubscriptions() {
        HubFixture f = new HubFixture("A");
        ClientSession c = f.connect();
        c.subscribe(List.of("A"), r -> List.of());
        c.expireAt(Instant.now().plusSeconds(30));
        f.advance(Duration.ofSeconds(29));
        assertThat(c.closeReason()).isNull();
        f.advance(Duration.ofSeconds(2));
        assertThat(c.closeReason()).isEqualTo(CloseReason.TOKEN_EXPIRED);
        assertThat(f.hub.subscriptions()).isZero();
        assertThat(f.hub.connections(Transport.WS)).isZero();
    }

    @Test
    void aLaterExpiryReplacesTheEarlierOneAndNoneMeansNever() {
        HubFixture f = new HubFixture("A");
        ClientSession c = f.connect();
        c.expireAt(Instant.now().plusSeconds(10));
        c.expireAt(Instant.now().plusSeconds(100));
        f.advance(Duration.ofSeconds(50));
        assertThat(c.closeReason()).isNull();
        c.expireAt(null);
        f.advance(Duration.ofSeconds(100));
        assertThat(c.closeReason()).isNull();
    }

    @Test
    void narrowerEntitlementsUnsubscribeWhatTheyNoLongerGrant() {
        HubFixture f = new HubFixture("A", "B", "C");
        ClientSession c = f.connect();
        c.subscribe(List.of("A", "B", "C"), r -> List.of());
        assertThat(c.entitle(s -> !s.equals("B"))).containsExactly("B");
        assertThat(c.subscriptions()).isEqualTo(2);
        assertThat(c.subscribe(List.of("B"), r -> List.of()).errors()).extracting(e -> e.code().name())
                .containsExactly("NOT_ENTITLED");
    }
}
