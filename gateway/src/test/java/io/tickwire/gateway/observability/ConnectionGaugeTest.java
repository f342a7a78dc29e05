package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.PrometheusScrape;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.WsClient;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** {@code tickwire_connections} and {@code tickwire_subscriptions} return to 0 however a client leaves. */
class ConnectionGaugeTest extends QuietManualFeedTest {

    /** A client of one transport, connected and subscribed, that leaves in its own way. */
    interface Leaving {
        void leave();
    }

    static Stream<Arguments> waysOfLeaving() {
        return Stream.of(
                Arguments.of("ws", "close frame", (IntFunction<Leaving>) port -> {
                    WsClient c = subscribedWs(port);
                    return c::close;
                }),
                Arguments.of("ws", "TCP reset", (IntFunction<Leaving>) port -> {
                    WsClient c = subscribedWs(port);
                    return () -> {
                        c.abort();
                        c.close();
                    };
                }),
                Arguments.of("ws", "closed by the server for an oversized frame", (IntFunction<Leaving>) port -> {
                    WsClient c = subscribedWs(port);
                    return () -> {
                        c.send("x".repeat(70 * 1024));
                        assertThat(c.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
                        c.close();
                    };
                }),
                Arguments.of("sse", "client disconnects", (IntFunction<Leaving>) port -> {
                    SseClient c = SseClient.open(port, "/sse?symbols=AAPL");
                    return c::close;
                }),
                Arguments.of("poll", "client gives up mid-wait", (IntFunction<Leaving>) port -> {
                    // No test in this context emits IBM: the poll waits.
                    PollClient.Waiting poll = new PollClient(HttpClient.create(ConnectionProvider.newConnection()), port)
                            .start("?symbols=IBM&since=0");
                    return poll::abort;
                }));
    }

    private static WsClient subscribedWs(int port) {
        WsClient c = WsClient.connect(port, "?symbols=AAPL,MSFT");
        c.until(m -> "subscribed".equals(m.type()));
        return c;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("waysOfLeaving")
    void gaugesReturnToZero(String transport, String how, IntFunction<Leaving> client) {
        Leaving leaving = client.apply(port);
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusScrape s = PrometheusScrape.of(port);
            assertThat(s.value("tickwire_connections", "transport", transport)).isEqualTo(1);
            assertThat(s.value("tickwire_subscriptions")).isPositive();
        });
        leaving.leave();
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusScrape s = PrometheusScrape.of(port);
            assertThat(s.value("tickwire_connections", "transport", transport)).isZero();
            assertThat(s.value("tickwire_subscriptions")).isZero();
        });
    }
}
