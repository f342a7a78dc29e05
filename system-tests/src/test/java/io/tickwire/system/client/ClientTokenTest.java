package io.tickwire.system.client;

import static io.tickwire.system.support.AppRecorder.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.client.ClientEvent;
import io.tickwire.client.ConnectionState;
import io.tickwire.client.LinkLostException;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.TickwireRefusedException;
import io.tickwire.client.Transport;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.TickwireGatewayApplication;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.system.support.AppRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link TickwireClient} with authentication on (PROTOCOL.md §4a): a refused token ends the stream
 * at once, with no retry, and so does a stream of symbols none of which the token grants; a
 * short-lived token is replaced before its {@code exp}, in-band on WebSocket, by a reconnect with
 * the next token on SSE, with the next poll on long-poll; a symbol the token does not grant is
 * reported while the others stream; the instrument list is the token's.
 */
@SpringBootTest(classes = TickwireGatewayApplication.class, webEnvironment = RANDOM_PORT, properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET, "tickwire.auth.clock-skew=0s"})
@Import(ManualFeedConfiguration.class)
class ClientTokenTest {

    private static final Map<String, Object> AAPL_ONLY = Tokens.grants(List.of("AAPL"), List.of());

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    MeterRegistry registry;
    final AtomicInteger tokensIssued = new AtomicInteger();

    /** Each call a new token for alice, valid {@code seconds} from now. */
    Mono<String> nextToken(long seconds) {
        return Mono.fromSupplier(() -> {
            tokensIssued.incrementAndGet();
            return Tokens.hmac("alice", Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS), AAPL_ONLY);
        });
    }

    TickwireClient.Builder client(Transport transport) {
        return TickwireClient.builder("http://127.0.0.1:" + port).transport(transport)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aForgedTokenEndsTheStreamWith401AndIsNotTriedAgain(Transport transport) {
        String forged = Tokens.hmac("0123456789-another-secret-of-32-bytes", "alice", Instant.now().plusSeconds(600),
                AAPL_ONLY);
        TickwireClient client = client(transport).tokenSupplier(() -> {
            tokensIssued.incrementAndGet();
            return Mono.just(forged);
        }).build();
        try (AppRecorder app = new AppRecorder(client, "AAPL")) {
            await().atMost(TIMEOUT).until(() -> app.error.get() != null);
            assertThat(app.error.get()).isInstanceOfSatisfying(TickwireRefusedException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThat(app.error.get()).hasMessageContaining("HTTP 401");
            assertThat(tokensIssued.get()).as("one attempt").isEqualTo(1);
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
            assertThat(app.times(ConnectionState.FAILED)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void noTokenAtAllEndsTheStreamWith401(Transport transport) {
        StepVerifier.create(client(transport).build().quotes("AAPL"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TickwireRefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(401)))
                .verify(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSymbolTheTokenDoesNotGrantIsReportedAndTheOthersStream(Transport transport) {
        try (AppRecorder app = new AppRecorder(client(transport).tokenSupplier(() -> nextToken(600)).build(),
                "AAPL", "MSFT")) {
            await().atMost(TIMEOUT).until(() -> app.events.stream().anyMatch(e -> e instanceof ClientEvent.Refusal));
            assertThat(app.events).filteredOn(ClientEvent.Refusal.class::isInstance).first()
                    .satisfies(e -> {
                        ClientEvent.Refusal r = (ClientEvent.Refusal) e;
                        assertThat(r.code()).isEqualTo("NOT_ENTITLED");
                        assertThat(r.symbols()).containsExactly("MSFT");
                    });
            app.awaitLive(1);
            feed.emit("MSFT");
            Quote aapl = feed.emit("AAPL");
            app.awaitSeq(aapl.seq());
            assertThat(app.quotes).extracting(Quote::symbol).containsOnly("AAPL");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aStreamOfNoSymbolTheTokenGrantsEndsWith403AfterOneAttempt(Transport transport) {
        Counter refusals = registry.counter(MetricNames.PROTOCOL_ERRORS, MetricNames.CODE, "NOT_ENTITLED");
        double before = refusals.count();
        try (AppRecorder app = new AppRecorder(client(transport).tokenSupplier(() -> nextToken(600)).build(),
                "MSFT", "NVDA")) {
            await().atMost(TIMEOUT).until(() -> app.error.get() != null);
            assertThat(app.error.get()).isInstanceOfSatisfying(TickwireRefusedException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.code()).isEqualTo("NOT_ENTITLED");
            });
            assertThat(tokensIssued.get()).as("one attempt").isEqualTo(1);
            assertThat(refusals.count() - before).as("refusals the gateway counted").isEqualTo(1);
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
            assertThat(app.times(ConnectionState.FAILED)).isEqualTo(1);
        }
    }

    @Test
    void aFixedTokenThatExpiresClosesTheWebSocketWith1008AndTheReconnectIsRefusedWith401() {
        String token = Tokens.hmac("alice", Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS), AAPL_ONLY);
        try (AppRecorder app = new AppRecorder(client(Transport.WEBSOCKET).token(token).build(), "AAPL")) {
            app.awaitLive(1);
            await().atMost(TIMEOUT).until(() -> app.error.get() != null);
            assertThat(app.states()).filteredOn(s -> s.state() == ConnectionState.RECONNECTING).first()
                    .satisfies(s -> assertThat(s.cause()).isInstanceOfSatisfying(LinkLostException.class,
                            e -> assertThat(e.closeStatus()).isEqualTo(1008)));
            assertThat(app.error.get()).isInstanceOfSatisfying(TickwireRefusedException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThat(app.times(ConnectionState.FAILED)).isEqualTo(1);
        }
    }

    @Test
    void aWebSocketRefreshesItsTokenInBandAndKeepsItsOneLinkPastTheFirstExpiry() {
        try (AppRecorder app = new AppRecorder(client(Transport.WEBSOCKET).tokenSupplier(() -> nextToken(2)).build(),
                "AAPL")) {
            app.awaitLive(1);
            Instant firstExpiry = Instant.now().plusSeconds(2);
            await().atMost(TIMEOUT).until(() -> app.events.stream().anyMatch(e -> e instanceof ClientEvent.TokenRefreshed));
            await().atMost(TIMEOUT).until(() -> Instant.now().isAfter(firstExpiry.plusMillis(500)));
            Quote live = feed.emit("AAPL");
            app.awaitSeq(live.seq());
            assertThat(tokensIssued.get()).isGreaterThanOrEqualTo(2);
            assertThat(app.times(ConnectionState.LIVE)).as("one link all along").isEqualTo(1);
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
        }
    }

    @Test
    void anSseStreamEndedAtItsTokensExpiryReconnectsWithTheNextTokenAndResumes() {
        try (AppRecorder app = new AppRecorder(client(Transport.SSE).tokenSupplier(() -> nextToken(2)).build(), "AAPL")) {
            app.awaitLive(1);
            Quote first = feed.emit("AAPL");
            app.awaitSeq(first.seq());
            app.awaitLive(2);
            assertThat(app.states()).filteredOn(s -> s.state() == ConnectionState.RECONNECTING).first()
                    .satisfies(s -> assertThat(s.cause()).isInstanceOf(LinkLostException.class));
            Quote next = feed.emit("AAPL");
            app.awaitSeq(next.seq());
            assertThat(tokensIssued.get()).isGreaterThanOrEqualTo(2);
            app.assertEachSymbolsSeqsRise();
            assertThat(app.error.get()).isNull();
        }
    }

    @Test
    void aLongPollSendsAFreshTokenBeforeItsExpiryAndKeepsPollingOnOneLink() {
        try (AppRecorder app = new AppRecorder(client(Transport.LONG_POLL).tokenSupplier(() -> nextToken(2)).build(),
                "AAPL")) {
            app.awaitLive(1);
            Instant firstExpiry = Instant.now().plusSeconds(2);
            await().atMost(TIMEOUT).until(() -> Instant.now().isAfter(firstExpiry.plusMillis(500)));
            Quote live = feed.emit("AAPL");
            app.awaitSeq(live.seq());
            assertThat(tokensIssued.get()).isGreaterThanOrEqualTo(2);
            assertThat(app.times(ConnectionState.LIVE)).as("one link all along").isEqualTo(1);
            assertThat(app.times(ConnectionState.RECONNECTING)).isZero();
            assertThat(app.error.get()).isNull();
        }
    }

    @Test
    void theInstrumentListIsTheTokensAndWithoutATokenItIsRefusedWith401() {
        StepVerifier.create(client(Transport.WEBSOCKET).tokenSupplier(() -> nextToken(600)).build().instruments())
                .assertNext(list -> assertThat(list).extracting(Instrument::symbol).containsExactly("AAPL"))
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(client(Transport.WEBSOCKET).build().instruments())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TickwireRefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(401);
                    assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
                    assertThat(r).hasMessageStartingWith("the gateway refused the instrument list: HTTP 401");
                }))
                .verify(TIMEOUT);
    }
}
