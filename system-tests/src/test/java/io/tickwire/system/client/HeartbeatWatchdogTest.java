package io.tickwire.system.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.tickwire.client.ConnectionState;
import io.tickwire.client.LinkLostException;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Transport;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.system.support.AppRecorder;
import io.tickwire.testing.TcpProxy;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The client's heartbeat watchdog, through a real TCP proxy that can go silent while keeping its
 * sockets open (a link no TCP error will ever end): a quiet market kept alive by the gateway's
 * heartbeats (on long-poll, by its empty answers) is left alone; a silent link is dropped and
 * reopened, and the stream resumes with what was lost in it. Each test quotes a symbol of its own.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT, properties = {
    "tickwire.client.heartbeat-interval=" + HeartbeatWatchdogTest.HEARTBEAT_MS + "ms"})
@Import(ManualFeedConfiguration.class)
class HeartbeatWatchdogTest {

    static final int HEARTBEAT_MS = 200;
    /** More than twice the heartbeat interval, as the client's default is, with room for a busy machine. */
    static final Duration WATCHDOG = Duration.ofMillis(5 * HEARTBEAT_MS);

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;

    static TickwireClient client(TcpProxy proxy, Transport transport) {
        return TickwireClient.builder("http://127.0.0.1:" + proxy.port()).transport(transport)
                .heartbeatTimeout(WATCHDOG).backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aQuietLinkThatCarriesHeartbeatsIsKept(Transport transport) {
        String symbol = switch (transport) {
            case WEBSOCKET -> "BRK.B";
            case SSE -> "AMD";
            case LONG_POLL -> "IBM";
        };
        try (TcpProxy proxy = TcpProxy.start(port); AppRecorder app = new AppRecorder(client(proxy, transport), symbol)) {
            app.awaitLive(1);
            // Three silent links, one after another, each opened after it and dropped by its watchdog: the
            // quiet link outlived three watchdog periods, and its watchdog never fired.
            for (int i = 0; i < 3; i++) {
                try (TcpProxy silent = TcpProxy.start(port);
                     AppRecorder marker = new AppRecorder(client(silent, transport), symbol)) {
                    marker.awaitLive(1);
                    silent.stall();
                    marker.awaitLive(2);
                }
            }
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
            // One connection all along, long-poll included: its polls follow one another on it.
            assertThat(proxy.links()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aLinkThatFallsSilentIsDroppedReopenedAndResumedWithWhatWasLostInIt(Transport transport) {
        String symbol = switch (transport) {
            case WEBSOCKET -> "SPY";
            case SSE -> "QQQ";
            case LONG_POLL -> "F";
        };
        try (TcpProxy proxy = TcpProxy.start(port); AppRecorder app = new AppRecorder(client(proxy, transport), symbol)) {
            app.awaitLive(1);
            Quote before = feed.emit(symbol);
            app.awaitSeq(before.seq());

            proxy.stall();
            Quote lost = feed.emit(symbol);
            app.awaitLive(2);
            assertThat(app.states()).filteredOn(s -> s.state() == ConnectionState.RECONNECTING).first()
                    .satisfies(s -> assertThat(s.cause()).isInstanceOfSatisfying(LinkLostException.class,
                            e -> assertThat(e.silent()).as("dropped by the watchdog").isTrue()));
            app.awaitSeq(lost.seq());
            Quote after = feed.emit(symbol);
            app.awaitSeq(after.seq());
            app.assertEachSymbolsSeqsRise();
            assertThat(app.error.get()).isNull();
        }
    }
}
