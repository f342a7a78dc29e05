package io.tickwire.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.gateway.observability.GatewayMeters;
import io.tickwire.gateway.delivery.DeliveryClock;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Messages;
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
 * A started hub over a {@link ManualQuoteFeed}; mailboxes drain on the calling thread, and the
 * hub's timers (heartbeats, maxRate) run in virtual time: {@link #advance} moves it.
 */
final class HubFixture {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final ManualQuoteFeed feed;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayMeters meters = new GatewayMeters(registry);
    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final QuoteHub hub;

    HubFixture(HubSettings settings, String... symbols) {
        feed = new ManualQuoteFeed(symbols);
        hub = new QuoteHub(feed, meters.hub(), settings, new DeliveryClock(time, () -> time.now(TimeUnit.NANOSECONDS)));
        hub.start();
    }

    void advance(Duration d) {
        time.advanceTimeBy(d);
    }

    HubFixture(String... symbols) {
        this(new HubSettings(1000, 256), symbols);
    }

    ClientSession connect() {
        return hub.connect(Transport.WS, Runnable::run);
    }

    ClientSession connect(Transport transport) {
        return hub.connect(transport, Runnable::run);
    }

    ClientSession connect(Transport transport, BooleanSupplier writable) {
        return hub.connect(transport, Runnable::run, writable);
    }

    /** Virtual time now, in nanoseconds. */
    long nanos() {
        return time.now(TimeUnit.NANOSECONDS);
    }

    /** Runs {@code step} after every {@code period} of virtual time, until {@code total} has passed. */
    void every(Duration period, Duration total, Runnable step) {
        for (long n = total.toNanos() / period.toNanos(); n > 0; n--) {
            advance(period);
            step.run();
        }
    }

    /** A client reading {@code session}'s stream that asks for {@code demand} batches up front (0: none yet). */
    Reader read(ClientSession session, long demand) {
        Reader reader = new Reader(demand);
        session.outbound().subscribe(reader);
        return reader;
    }

    /**
     * One message as a client received it.
     *
     * @param atNanos        virtual time of delivery
     * @param hubLatestSeq   {@link QuoteHub#latestSeq()} then
     * @param symbolLatestSeq for a quote, the seq of its symbol's latest quote at the hub then; -1 otherwise
     */
    record Received(Outbound message, long atNanos, long hubLatestSeq, long symbolLatestSeq) {

        String text() {
            return describe(message);
        }
    }

    /** Records every message it receives with the time and the hub's state at delivery; demand is the test's. */
    final class Reader extends BaseSubscriber<List<Outbound>> {

        final List<Received> received = new ArrayList<>();
        final List<List<Outbound>> batches = new ArrayList<>();
        boolean completed;
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

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        List<String> texts() {
            return received.stream().map(Received::text).toList();
        }

        List<Received> quotesOf(String symbol) {
            return received.stream()
                    .filter(r -> r.message() instanceof EncodedQuote q && q.quote().symbol().equals(symbol))
                    .toList();
        }

        List<Received> heartbeats() {
            return received.stream().filter(r -> r.message() instanceof Heartbeat).toList();
        }
    }

    static ControlMessage reply(String text) {
        return new ControlMessage(text.getBytes(StandardCharsets.UTF_8));
    }

    /** "AAPL@12" for a quote, the JSON text for anything else: compact to assert on. */
    static String describe(Outbound m) {
        return Messages.describe(m);
    }

    static List<String> describe(List<Outbound> batch) {
        return Messages.describe(batch);
    }

    static JsonNode json(Outbound m) {
        try {
            return MAPPER.readTree(m.json());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double counter(String name, String tagKey, String tagValue) {
        return registry.get(name).tag(tagKey, tagValue).counter().count();
    }
}
