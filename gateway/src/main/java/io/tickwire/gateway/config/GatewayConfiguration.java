package io.tickwire.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.history.BarHistory;
import io.tickwire.gateway.history.HistorySettings;
import io.tickwire.gateway.http.BarsHandler;
import io.tickwire.gateway.http.LongPollHandler;
import io.tickwire.gateway.http.SnapshotHandler;
import io.tickwire.gateway.delivery.DeliveryClock;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.observability.FeedAvailability;
import io.tickwire.gateway.observability.FeedHealthIndicator;
import io.tickwire.gateway.observability.FeedLink;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.observability.HubMeterBinder;
import io.tickwire.gateway.publish.PublishHandler;
import io.tickwire.gateway.publish.QuoteSink;
import io.tickwire.gateway.security.Callers;
import io.tickwire.gateway.security.Admissions;
import io.tickwire.gateway.security.OpsLimiter;
import io.tickwire.gateway.sse.SseQuoteHandler;
import io.tickwire.gateway.transport.ClientChannel;
import io.tickwire.gateway.transport.Entrance;
import io.tickwire.gateway.websocket.DirectHandshakes;
import io.tickwire.gateway.websocket.QuoteWebSocketHandler;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** The hub and the endpoints of PROTOCOL.md: {@code /ws}, {@code /sse}, {@code /api/*} (publishing included). */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    private static final Set<String> STREAM_PATHS = Set.of("/ws", "/sse");

    @Bean
    GatewayMeters gatewayMeters(MeterRegistry registry) {
        return new GatewayMeters(registry);
    }

    /** Delivery's timer thread; closed by the context. */
    @Bean
    DeliveryClock deliveryClock() {
        return DeliveryClock.system();
    }

    /** The chart history; made before the hub subscribes to the feed, so its start is no later than the first quote. */
    @Bean
    BarHistory barHistory(TickwireProperties properties) {
        TickwireProperties.History h = properties.history();
        return new BarHistory(new HistorySettings(h.secondBars(), h.minuteBars()), Timestamps.nowMicros());
    }

    @Bean
    QuoteHub quoteHub(QuoteFeed feed, FeedAvailability availability, GatewayMeters meters,
                      TickwireProperties properties, DeliveryClock clock, BarHistory history) {
        TickwireProperties.Client c = properties.client();
        // Watched: a feed that ends (an error, until it delivers again) makes the node unavailable.
        return new QuoteHub(availability.watch(feed), meters.hub(), new HubSettings(c.maxSymbols(), c.maxBatch(),
                c.maxRate(), c.slowConsumer(), c.queueSize(), c.heartbeatInterval(), c.conflateAfter()), clock, history);
    }

    @Bean
    HubMeterBinder hubMeterBinder(QuoteHub hub) {
        return new HubMeterBinder(hub);
    }

    /**
     * Keeps the WebSocket and SSE streams out of {@code http.server.requests}: a stream's
     * "request" lasts as long as the client stays, so its duration says nothing, and its
     * observation would hold state for the whole connection. The tickwire_* meters cover streams.
     */
    @Bean
    ObservationPredicate noRequestObservationOfStreams() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && STREAM_PATHS.contains(request.getCarrier().getPath().pathWithinApplication().value()));
    }

    /** The {@code feed} component of {@code /actuator/health}; a cluster node's feed also needs its Redis link. */
    @Bean
    FeedHealthIndicator feedHealthIndicator(QuoteHub hub, TickwireProperties properties,
                                            ObjectProvider<FeedLink> link) {
        return new FeedHealthIndicator(hub, properties.feed().stallLimit(), link.getIfAvailable(() -> FeedLink.NONE));
    }

    /**
     * Whether new clients can be served: the {@code feedAvailability} component, which readiness follows
     * ({@code management.endpoint.health.group.readiness.include}), and what the step-aside gate asks.
     */
    @Bean
    FeedAvailability feedAvailability(ObjectProvider<FeedLink> link) {
        return new FeedAvailability(link.getIfAvailable(() -> FeedLink.NONE));
    }

    /**
     * Starts the hub once the server listens, and stops it first at shutdown (the highest phase
     * stops first): every client is told to go away (WebSocket 1001) before the server drains.
     */
    @Bean
    SmartLifecycle quoteHubLifecycle(QuoteHub hub) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                hub.start();
                running = true;
            }

            @Override
            public void stop() {
                hub.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean
    Entrance entrance(QuoteHub hub, Callers callers, Admissions admissions, GatewayMeters meters) {
        return new Entrance(hub, callers, admissions, meters);
    }

    @Bean
    QuoteWebSocketHandler quoteWebSocketHandler(GatewayMeters meters, ObjectMapper mapper, Callers callers,
                                                Entrance entrance, TickwireProperties properties) {
        TickwireProperties.Limits l = properties.limits();
        return new QuoteWebSocketHandler(meters, mapper, callers, entrance,
                () -> new OpsLimiter(l.opsPerSecond(), l.opsBurst(), l.refusalsBeforeClose()),
                properties.ws().pingInterval(), properties.ws().idleTimeout());
    }

    @Bean
    HandlerMapping webSocketMapping(QuoteWebSocketHandler handler) {
        // Ahead of the functional routes and static resources.
        return new SimpleUrlHandlerMapping(Map.of("/ws", handler), -1);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter(TickwireProperties properties) {
        int maxFrame = (int) properties.ws().maxFrameSize().toBytes();
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(ClientChannel.handing(
                new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrame)))));
    }

    /**
     * {@code /ws} upgraded by Reactor Netty ahead of Spring when nothing is checked before the
     * upgrade (authentication off, any origin, no handshake rate); otherwise through Spring as above.
     */
    @Bean
    DirectHandshakes directHandshakes(QuoteWebSocketHandler handler, TickwireProperties properties) {
        boolean nothingToCheck = !properties.auth().enabled()
                && SecurityConfiguration.allowedOrigins(properties).contains("*")
                && properties.limits().handshakesPerSecond() == 0;
        return new DirectHandshakes(handler, (int) properties.ws().maxFrameSize().toBytes(), nothingToCheck);
    }

    @Bean
    SseQuoteHandler sseQuoteHandler(GatewayMeters meters, Entrance entrance) {
        return new SseQuoteHandler(meters, entrance);
    }

    @Bean
    SnapshotHandler snapshotHandler(QuoteHub hub, GatewayMeters meters, ObjectMapper mapper, Callers callers) {
        return new SnapshotHandler(hub, meters, mapper, callers);
    }

    @Bean
    BarsHandler barsHandler(QuoteHub hub, BarHistory history, GatewayMeters meters, Callers callers) {
        return new BarsHandler(hub, history, meters, callers);
    }

    @Bean
    LongPollHandler longPollHandler(GatewayMeters meters, Entrance entrance, TickwireProperties properties) {
        return new LongPollHandler(meters, entrance, properties.poll().defaultTimeout(),
                properties.poll().maxTimeout());
    }

    /** Publishing over HTTP; on a node whose feed is its simulator there is no sink, and it answers 409. */
    @Bean
    PublishHandler publishHandler(ObjectProvider<QuoteSink> sink, Callers callers, TickwireProperties properties,
                                  GatewayMeters meters) {
        return new PublishHandler(sink.getIfAvailable(), callers, properties.publish().enabled(), meters);
    }

    @Bean
    RouterFunction<ServerResponse> routes(SseQuoteHandler sse, SnapshotHandler snapshots, BarsHandler bars,
                                          LongPollHandler polls, PublishHandler publishing) {
        return RouterFunctions.route()
                .GET("/sse", sse::stream)
                .GET("/api/symbols", snapshots::symbols)
                .GET("/api/quotes", snapshots::quotes)
                .GET("/api/bars", bars::bars)
                .GET("/api/quotes/poll", polls::poll)
                .POST("/api/publish", publishing::publish)
                .POST("/api/instruments", publishing::instruments)
                .build();
    }
}
