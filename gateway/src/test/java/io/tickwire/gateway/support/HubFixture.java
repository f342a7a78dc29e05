package io.tickwire.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.gateway.delivery.DeliveryClock;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.wire.ControlMessage;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Heartbeat;
import io.tickwire.gateway.wire.Outbound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A started hub over a {@link ManualQuoteFeed}, for unit tests of the hub and of each client's
 * delivery: mailboxes drain on the calling thread, and the hub's timers (heartbeats, maxRate) run
 * in virtual time, which {@link #advance} moves.
 */
public final class HubFixture {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final ManualQuoteFeed feed;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final QuoteHub hub;
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

    public HubFixture(HubSettings settings, String... symbols) {
        feed = new ManualQuoteFeed(symbols);
        hub = new QuoteHub(feed, new GatewayMeters(registry).hub(), settings,
                new DeliveryClock(time, () -> time.now(TimeUnit.NANOSECONDS)));
        hub.start();
    }

    public HubFixture(String... symbols) {
        this(new HubSettings(1000, 256), symbols);
    }

    public void advance(Duration d) {
        time.advanceTimeBy(d);
    }

    /** A WebSocket client. */
    public ClientSession connect() {
        return hub.connect(Transport.WS, Runnable::run);
    }

    public ClientSession connect(Transport transport) {
        return hub.connect(transport, Runnable::run);
    }

    public ClientSession connect(Transport transport, BooleanSupplier writable) {
        return hub.connect(transport, Runnable::run, writable);
    }

    /** Virtual time now, in nanoseconds. */
    public long nanos() {
        return time.now(TimeUnit.NANOSECONDS);
    }

    /** Runs {@code step} after every {@code period} of virtual time, until {@code total} has passed. */
    public void every(Duration period, Duration total, Runnable step) {
        for (long n = total.toNanos() / period.toNanos(); n > 0; n--) {
            advance(period);
            step.run();
        }
    }

    /** A client reading {@code session}'s stream that asks for {@code demand} batches up front (0: none yet). */
    public Reader read(ClientSession session, long demand) {
        Reader reader = new Reader(demand);
        session.outbound().subscribe(reader);
        return reader;
    }

    public double counter(String name, String tagKey, String tagValue) {
        return registry.get(name).tag(tagKey, tagValue).counter().count();
    }

    /**
     * One message as a client received it.
     *
     * @param atNanos         virtual time of delivery
     * @param hubLatestSeq    {@link QuoteHub#latestSeq()} then
     * @param symbolLatestSeq for a quote, the seq of its symbol's latest quote at the hub then; -1 otherwise
     */
    public record Received(Outbound message, long atNanos, long hubLatestSeq, long symbolLatestSeq) {

        public String text() {
            return describe(message);
        }
    }

    /** Records every message it receives with the time and the hub's state at delivery; demand is the test's. */
    public final class Reader extends BaseSubscriber<List<Outbound>> {

        public final List<Received> received = new ArrayList<>();
        public final List<List<Outbound>> batches = new ArrayList<>();
        private final long initialDemand;

        private Reader(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            if (initialDemand > 0) {
                subscription.request(initialDemand);
            }
        }

        @Override
        protected void hookOnNext(List<Outbound> batch) {
            batches.add(batch);
            for (Outbound m : batch) {
                long symbolLatest = -1;
                if (m instanceof EncodedQuote q) {
                    symbolLatest = hub.latest(q.quote().symbol()).seq();
                }
                received.add(new Received(m, nanos(), hub.latestSeq(), symbolLatest));
            }
        }

        public List<String> texts() {
            return received.stream().map(Received::text).toList();
        }

        public List<Received> quotesOf(String symbol) {
            return received.stream()
                    .filter(r -> r.message() instanceof EncodedQuote q && q.quote().symbol().equals(symbol))
                    .toList();
        }

        public List<Received> heartbeats() {
            return received.stream().filter(r -> r.message() instanceof Heartbeat).toList();
        }
    }

    public static ControlMessage reply(String text) {
        return new ControlMessage(text.getBytes(StandardCharsets.UTF_8));
    }

    /** "AAPL@12" for a quote, the JSON text for anything else: compact to assert on. */
    public static String describe(Outbound m) {
        return Messages.describe(m);
    }

    public static List<String> describe(List<Outbound> batch) {
        return Messages.describe(batch);
    }

    public static JsonNode json(Outbound m) {
        try {
            return MAPPER.readTree(m.json());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
