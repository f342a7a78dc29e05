package io.tickwire.gateway.websocket;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The test owns this gateway's whole life, so it can shut it down like an operator would. */
class ShutdownTest {

    @Test
    void shuttingDownTellsWebSocketClientsToGoAwayAndEndsSseStreams() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                TickwireGatewayApplication.class, ManualFeedConfiguration.class)
                .run("--server.port=0", "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        context.getBean(ManualQuoteFeed.class).emit("AAPL");

        try (WsClient ws = WsClient.connect(port, "?symbols=AAPL");
             SseClient sse = SseClient.open(port, "/sse?symbols=AAPL")) {
            assertThat(ws.next().type()).isEqualTo("subscribed");
            sse.awaitAck();
            assertThat(sse.nextQuote().symbol()).isEqualTo("AAPL");

            context.close();

            assertThat(ws.closeStatus()).isEqualTo(1001);
            assertThat(sse.awaitEnd(PATIENCE)).as("SSE stream ended by the server").isTrue();
        }
        finally {
            context.close();
        }
    }
}
