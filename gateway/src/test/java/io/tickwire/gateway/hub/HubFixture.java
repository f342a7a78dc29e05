package io.tickwire.gateway.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.gateway.metrics.GatewayMeters;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        hub = new QuoteHub(feed, meters, settings, new HubTimer(time, () -> time.now(TimeUnit.NANOSECONDS)));
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

    static ControlMessage reply(String text) {
        return new ControlMessage(text.getBytes(StandardCharsets.UTF_8));
    }

    /** "AAPL@12" for a quote, the JSON text for anything else: compact to assert on. */
    static String describe(Outbound m) {
        if (m instanceof EncodedQuote q) {
            return q.quote().symbol() + "@" + q.seq();
        }
        return new String(m.json(), StandardCharsets.UTF_8);
    }

    static List<String> describe(List<Outbound> batch) {
        return batch.stream().map(HubFixture::describe).toList();
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
