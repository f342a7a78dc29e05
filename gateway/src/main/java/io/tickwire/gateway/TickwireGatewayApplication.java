package io.tickwire.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Tickwire gateway: one feed subscription, fanned out over WebSocket, SSE and HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TickwireGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(TickwireGatewayApplication.class, args);
    }
}
