package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The reconnect loop of one quote stream, in virtual time, over a link the test scripts: what each
 * attempt asks for, what is handed over, when the next attempt comes, and when there is none.
 */
class QuoteStreamTest {

    private static final Duration TIMEOUT = Patience.PATIENCE;
    /** min = max: Reactor's jitter has no room, every delay is 1 s. */
    private static final ClientSettings SETTINGS = new ClientSettings(URI.create("http://127.0.0.1:1"),
            Transport.WEBSOCKET, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(20));

    /** A link whose attempts play the test's scripts in turn, and records what each asked for, and when. */
    static final class ScriptedLink implements Link {
        final Deque<Function<Listener, Mono<Void>>> scripts = new ArrayDeque<>();
        final List<Request> opened = new CopyOnWriteArrayList<>();
        /** The virtual time of each attempt, in ms. */
        final List<Long> openedAt = new CopyOnWriteArrayList<>();

        ScriptedLink then(Function<Listener, Mono<Void>> script) {
            scripts.add(script);
            return this;
        }

        @Override
        public Mono<Void> open(Request request, Listener listener) {
            opened.add(request);
            openedAt.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS));
            Function<Listener, Mono<Void>> script = scripts.poll();
            return script == null ? Mono.never() : Mono.defer(() -> script.apply(listener));
        }
    }

    static Quote quote(String symbol, long seq) {
        return new Quote(symbol, seq, 1, 10.00, 10.01, 10.00, 1, 1, 1, seq, 10.00);
    }

    /** Goes live, hands over {@code quotes}, then the gateway closes the link. */
    static Function<Link.Listener, Mono<Void>> liveThenClosed(Quote... quotes) {
        return l -> {
            l.live();
            for (Quote q : quotes) {
                l.quote(q);
            }
            return Mono.empty();
        };
    }

    static Function<Link.Listener, Mono<Void>> refused(int status, String body) {
        return l -> Mono.error(new HttpRefusal(status, Frames.refusal(body)));
    }

    final List<ClientEvent> events = new CopyOnWriteArrayList<>();

    QuoteStream stream(ScriptedLink link, String... symbols) {
        return new QuoteStream(SETTINGS, link, List.of(symbols), events::add);
    }

    @Test
    void aLostLinkIsReopenedAfterTheBackoffResumingFromTheLastSeqAndNothingAlreadyHandedOverComesAgain() {
        ScriptedLink link = new ScriptedLink()
                .then(liveThenClosed(quote("AAPL", 5), quote("MSFT", 7)))
                // A node that is behind: AAPL 5 again and MSFT 6, older than what was handed over.
                .then(liveThenClosed(quote("AAPL", 5), quote("MSFT", 6), quote("AAPL", 9)));
        StepVerifier.withVirtualTime(() -> stream(link, "AAPL", "MSFT").flux())
                .expectNext(quote("AAPL", 5), quote("MSFT", 7))
                .then(() -> assertThat(link.opened).hasSize(1))
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(quote("AAPL", 9))
                .then(() -> {
                    assertThat(link.opened).extracting(Link.Request::since).containsExactly(-1L, 7L);
                    assertThat(events).filteredOn(e -> e instanceof ClientEvent.StateChanged s
                            && s.state() == ConnectionState.RECONNECTING).first()
                            .satisfies(e -> assertThat(((ClientEvent.StateChanged) e).cause())
                                    .isInstanceOf(LinkLostException.class));
                })
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(events).filteredOn(ClientEvent.StateChanged.class::isInstance)
                .extracting(e -> ((ClientEvent.StateChanged) e).state()).containsExactly(ConnectionState.CONNECTING,
                        ConnectionState.LIVE, ConnectionState.RECONNECTING, ConnectionState.LIVE,
                        ConnectionState.RECONNECTING, ConnectionState.CLOSED);
    }

    @Test
    void failedAttemptsWaitLongerEachTimeUpToTheMaxWithJitterAndTheCountStartsOverOnceLive() {
        ClientSettings growing = new ClientSettings(SETTINGS.base(), Transport.SSE, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(20));
        ScriptedLink link = new ScriptedLink();
        for (int i = 0; i < 5; i++) {
            link.then(refused(503, ""));
        }
        link.then(liveThenClosed()).then(refused(503, ""));
        StepVerifier.withVirtualTime(() -> new QuoteStream(growing, link, List.of("AAPL"), events::add).flux())
                .thenAwait(Duration.ofMinutes(5))
                .thenCancel()
                .verify(TIMEOUT);
        List<Duration> told = events.stream().filter(e -> e instanceof ClientEvent.StateChanged s
                && s.state() == ConnectionState.RECONNECTING).map(e -> ((ClientEvent.StateChanged) e).retryIn()).toList();
        long[] nominal = {1000, 2000, 4000, 8000, 8000, 1000, 2000};
        assertThat(told).containsExactly(Arrays.stream(nominal).mapToObj(Duration::ofMillis).toArray(Duration[]::new));
        assertThat(link.openedAt).hasSize(nominal.length + 1);
        for (int i = 0; i < nominal.length; i++) {
            // Reactor's jitter 0.5, kept within [min, max].
            assertThat(link.openedAt.get(i + 1) - link.openedAt.get(i)).as("wait %d", i)
                    .isBetween(Math.max(1000, nominal[i] / 2), Math.min(8000, nominal[i] * 3 / 2));
        }
    }

    @Test
    void streamsThatLostTheSameNodeDoNotAllComeBackAtTheSameInstant() {
        ClientSettings spread = new ClientSettings(SETTINGS.base(), Transport.SSE, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(20));
        List<ScriptedLink> links = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> Flux.range(0, 50).flatMap(i -> {
                    ScriptedLink link = new ScriptedLink().then(refused(503, "")).then(refused(503, ""))
                            .then(refused(503, ""));
                    links.add(link);
                    return new QuoteStream(spread, link, List.of("AAPL"), events::add).flux();
                }))
                .thenAwait(Duration.ofMinutes(1))
                .thenCancel()
                .verify(TIMEOUT);
        // The third attempt's nominal wait is 4 s: each stream's lies somewhere in [2 s, 6 s].
        Set<Long> waits = links.stream().map(l -> l.openedAt.get(3) - l.openedAt.get(2)).collect(Collectors.toSet());
        assertThat(waits).hasSizeGreaterThan(25).allSatisfy(w -> assertThat(w).isBetween(2000L, 6000L));
    }

    @Test
    void a401EndsTheStreamWithoutAnotherAttempt() {
        ScriptedLink link = new ScriptedLink().then(refused(401, "{\"code\":\"UNAUTHENTICATED\",\"message\":\"bad token\"}"));
        StepVerifier.withVirtualTime(() -> stream(link, "AAPL").flux())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TickwireRefusedException.class, r -> {
                    assertThat(r.status()).isEqualTo(401);
                    assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
                    assertThat(r).hasMessage("the gateway refused the stream: HTTP 401 UNAUTHENTICATED: bad token");
                }))
                .verify(TIMEOUT);
        assertThat(link.opened).hasSize(1);
        assertThat(events).filteredOn(ClientEvent.StateChanged.class::isInstance)
                .extracting(e -> ((ClientEvent.StateChanged) e).state())
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
    }

    @Test
    void refusedSymbolsAreReportedAndDroppedAndTheRestIsAskedForAtOnce() {
        ScriptedLink link = new ScriptedLink()
                .then(refused(400, "{\"code\":\"UNKNOWN_SYMBOL\",\"message\":\"unknown symbol: NOPE\",\"symbols\":[\"NOPE\"]}"))
                .then(liveThenClosed(quote("AAPL", 3)));
        StepVerifier.withVirtualTime(() -> stream(link, "AAPL", "NOPE").flux())
                .expectNext(quote("AAPL", 3))
                .thenCancel()
                .verify(TIMEOUT);
        assertThat(link.opened).extracting(Link.Request::symbols)
                .startsWith(List.of("AAPL", "NOPE"), List.of("AAPL"));
        assertThat(events).filteredOn(ClientEvent.Refusal.class::isInstance).singleElement()
                .isEqualTo(new ClientEvent.Refusal(List.of("AAPL", "NOPE"), "UNKNOWN_SYMBOL", "unknown symbol: NOPE",
                        List.of("NOPE")));
    }

    @Test
    void whenEverySymbolIsRefusedTheStreamEnds() {
        ScriptedLink link = new ScriptedLink().then(l -> {
            l.live();
            l.control(new Inbound.Control("error", "subscribe", "NOT_ENTITLED", "not entitled: MSFT",
                    List.of("MSFT"), 0));
            return Mono.never();
        });
        StepVerifier.withVirtualTime(() -> stream(link, "MSFT").flux())
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(TickwireRefusedException.class,
                        r -> assertThat(r.code()).isEqualTo("NOT_ENTITLED")))
                .verify(TIMEOUT);
        assertThat(link.opened).as("no other attempt").hasSize(1);
    }
}
