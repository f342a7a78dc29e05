package io.tickwire.system.cluster;

import static io.tickwire.gateway.support.StreamRequest.symbols;

import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many WebSocket clients that behave as the dashboard does when their link drops: connect again
 * (through the load balancer) and resume from the last {@code seq} they saw. Driven by the test's
 * thread: {@link #pump()} takes in what arrived and reconnects whoever lost its link.
 */
final class ResumingClients implements AutoCloseable {

    /** One client: its symbols, its link, and what it has seen. */
    static final class Client {
        final List<String> symbols;
        WsClient ws;
        long cursor = -1;
        long lastQuoteNanos;
        int reconnects;
        Integer lastCloseStatus;
        final Map<String, Long> latest = new HashMap<>();
        /** Quotes whose seq was not above the one before (went back, or came twice); the first one said. */
        int outOfOrder;
        String firstOutOfOrder;

        Client(List<String> symbols) {
            this.symbols = symbols;
        }
    }

    private final int port;
    private final List<Client> clients = new ArrayList<>();

    /** {@code count} clients on {@code port}, client i subscribed to {@code perClient} symbols from i on. */
    ResumingClients(int port, int count, List<String> universe, int perClient) {
        this.port = port;
        for (int i = 0; i < count; i++) {
            List<String> mine = new ArrayList<>();
            for (int k = 0; k < perClient; k++) {
                mine.add(universe.get((i + k) % universe.size()));
            }
            Client c = new Client(mine);
            connect(c);
            clients.add(c);
        }
    }

    List<Client> clients() {
        return clients;
    }

    private void connect(Client c) {
        try {
            c.ws = WsClient.connect(port);
            String[] s = c.symbols.toArray(String[]::new);
            c.ws.send((c.cursor < 0 ? symbols(s) : symbols(s).since(c.cursor)).wsSubscribe("r" + c.reconnects));
        }
        catch (RuntimeException e) {
            // The load balancer had no node for us this time: try again at the next pump.
            c.ws = null;
        }
    }

    /** Takes in every message that arrived; reconnects and resumes each client whose link ended. */
    void pump() {
        for (Client c : clients) {
            if (c.ws == null) {
                c.reconnects++;
                connect(c);
                continue;
            }
            for (Message m : c.ws.drain()) {
                if (m.isQuote()) {
                    if (m.seq() <= c.cursor && c.outOfOrder++ == 0) {
                        c.firstOutOfOrder = m.symbol() + " seq " + m.seq() + " after seq " + c.cursor;
                    }
                    c.cursor = m.seq();
                    c.latest.put(m.symbol(), m.seq());
                    c.lastQuoteNanos = m.arrivedNanos();
                }
            }
            if (c.ws.isEnded()) {
                c.lastCloseStatus = c.ws.closeStatus();
                c.ws.close();
                c.reconnects++;
                connect(c);
            }
        }
    }

    /** Whether every client has had a quote arrive after {@code nanos} ({@link System#nanoTime()}). */
    boolean allLiveSince(long nanos) {
        return clients.stream().allMatch(c -> c.lastQuoteNanos - nanos > 0);
    }

    /** Each client that saw a seq not above the one before it: "client 3: 12 times, first FO2 seq 40 after seq 41". */
    List<String> outOfOrder() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            if (c.outOfOrder > 0) {
                out.add("client " + i + ": " + c.outOfOrder + " times, first " + c.firstOutOfOrder);
            }
        }
        return out;
    }

    /** Each client's symbols whose latest quote it holds is not the one given: "client 7 FO3 seq 41 (latest 42)". */
    List<String> stale(Map<String, Long> latest) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            for (String s : c.symbols) {
                if (!latest.get(s).equals(c.latest.get(s))) {
                    out.add("client " + i + " " + s + " seq " + c.latest.get(s) + " (latest " + latest.get(s) + ")");
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        clients.forEach(c -> {
            if (c.ws != null) {
                c.ws.close();
            }
        });
    }
}
