package io.tickwire.gateway.websocket;

import static io.tickwire.gateway.support.WsTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.SseTestClient;
import io.tickwire.gateway.support.WsTestClient;
import java.time.Duration;
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

        try (WsTestClient ws = WsTestClient.connect(port, "?symbols=AAPL");
             SseTestClient sse = new SseTestClient(port, "/sse?symbols=AAPL")) {
            assertThat(text(ws.next(), "type")).isEqualTo("subscribed");
            assertThat(sse.next().data().get("symbol").asText()).isEqualTo("AAPL");

            context.close();

            assertThat(ws.awaitClose().code()).isEqualTo(1001);
            assertThat(sse.awaitEnd(Duration.ofSeconds(10))).as("SSE stream ended by the server").isTrue();
        }
        finally {
            context.close();
        }
    }
}
