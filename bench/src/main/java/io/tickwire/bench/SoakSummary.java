package io.tickwire.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The head of SOAK.md: the setup, what must be zero, whether it stayed flat, the failover and the restart. */
final class SoakSummary {

    private SoakSummary() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> run, SoakRedis.Failover failover, SoakClients.Marker failMark,
                           SoakCluster.NodeRestart restart, SoakClients.Marker restartMark, List<SoakReport.Trend> trends,
                           List<SoakReport.Registrations> regs, int perClient, int clientCount) {
        SoakCluster.Settings s = (SoakCluster.Settings) run.get("settings");
        Map<String, Object> r = (Map<String, Object>) run.get("result");
        Map<String, Object> clients = (Map<String, Object>) run.get("clients");
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = (Map<String, Object>) run.get("machine");
        md.append(String.format(Locale.ROOT, "`%s`, %s to %s; %s cores (%s), %s, %s; the machine is shared: load "
                        + "average %s at the start, %s at the end.%n%n",
                run.get("command"), run.get("started"), run.get("finished"), m.get("cores"), m.get("cpu"), m.get("java"),
                m.get("os"), m.get("loadAverageAtStart"), run.get("loadAverageAtEnd")));
        md.append(String.format(Locale.ROOT, "Two gateway nodes (`tickwire.feed.source=redis`, -Xmx512m, Parallel GC); "
                        + "%s; the simulator's publisher at %,d quotes/s over %d symbols (uniform); %d clients "
                        + "(half WebSocket, half SSE) of %d symbols each, every connection living %s s, then "
                        + "reconnecting to a random node (to the other one after a refusal or a close by the node) "
                        + "and resuming from the last `seq` it saw. All on 127.0.0.1, nothing pinned. At a third of "
                        + "the run the Redis primary is killed (`kill -9`); at two thirds node 1 is stopped (SIGTERM) "
                        + "and started again.%n",
                s.sentinel() ? "Redis 7 as a primary and one replica with three Sentinels (quorum 2, down-after "
                        + s.downAfterMillis() + " ms), the nodes and the publisher finding the primary through them"
                        : "one Redis (no Sentinel: killed, then started again empty)",
                s.rate(), s.symbols(), clientCount, perClient, clients.get("lifeSeconds")));

        boolean flat = trends.stream().allMatch(SoakReport.Trend::flat) && regs.stream().allMatch(SoakReport.Registrations::match);
        long violations = (Long) r.get("seqViolations") + (Long) r.get("foreignQuotes");
        md.append("\n## Result\n\n");
        md.append(String.format(Locale.ROOT, "- **seq violations: %d** (a quote at or below the last `seq` the client "
                        + "had for its symbol, across every reconnection); quotes of a symbol not subscribed: %d. "
                        + "%,d quotes checked over %,d connections (%,d connects refused or failed).%n",
                (Long) r.get("seqViolations"), (Long) r.get("foreignQuotes"), (Long) r.get("quotes"),
                (Long) r.get("connections"), (Long) r.get("failedConnects")));
        md.append(String.format(Locale.ROOT, "- At the end (churn stopped, every client connected, publisher stopped, "
                        + "3 s): **%d** (client, symbol) pairs not at the node's latest quote, %d clients not connected.%n",
                (Long) r.get("endPairsBehind"), (Long) r.get("endClientsAway")));
        md.append(String.format(Locale.ROOT, "- **Flat: %s.** Heap after a full GC, open descriptors beyond the "
                        + "client connections, and threads, of each node lifetime (last third within 5%% + 2 MB, or ±%d, of the first third), and the "
                        + "nodes' registrations against the clients' own count at every sample (within %d connections).%n",
                flat ? "yes" : "NO", SoakReport.COUNT_TOLERANCE, (int) Math.max(3, 0.02 * clientCount)));
        md.append(String.format(Locale.ROOT, "- Publisher at the end: %s.%n", run.get("publisher")));
        if (violations > 0) {
            md.append("\nFirst violations:\n\n");
            ((List<String>) r.get("violationSamples")).forEach(v -> md.append("- ").append(v).append('\n'));
        }

        if (failover != null) {
            md.append(String.format(Locale.ROOT, "%n## Redis failover (%s), minute %.1f%n%n", failover.mode(),
                    minute(run, failover.killedAt())));
            md.append("| kill → primary named by Sentinel | kill → old primary back as a replica | first client with a quote "
                    + "newer than the kill | half of the clients | 99% | every client |\n|---:|---:|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %d ms | %d ms | %s | %s | %s | %s |%n",
                    failover.promotedAt() - failover.killedAt(), failover.rejoinedAt() - failover.killedAt(),
                    ms(failMark == null ? -1 : failMark.firstClientMillis()), ms(failMark == null ? -1 : failMark.clientsMillis(0.5)),
                    ms(failMark == null ? -1 : failMark.clientsMillis(0.99)), ms(failMark == null ? -1 : failMark.everyClientMillis())));
            Map<String, Object> f = (Map<String, Object>) run.get("redisFailover");
            md.append(String.format(Locale.ROOT, "%nPublisher before the kill: %s; at the end: %s. Primary :%d → :%d.%n",
                    f.get("publisherBefore"), run.get("publisher"), failover.killedPort(), failover.newPrimaryPort()));
        }
        if (restart != null) {
            md.append(String.format(Locale.ROOT, "%n## Node %d restarted, minute %.1f%n%n", restart.node(),
                    minute(run, restart.stopAt())));
            md.append("| SIGTERM → exited (exit code) | exited → serving again | first client with a quote newer than the "
                    + "stop | half of the clients | 99% | every client |\n|---:|---:|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| %d ms (%d) | %d ms | %s | %s | %s | %s |%n",
                    restart.exitedAt() - restart.stopAt(), restart.exitCode(), restart.readyAt() - restart.exitedAt(),
                    ms(restartMark == null ? -1 : restartMark.firstClientMillis()),
                    ms(restartMark == null ? -1 : restartMark.clientsMillis(0.5)),
                    ms(restartMark == null ? -1 : restartMark.clientsMillis(0.99)),
                    ms(restartMark == null ? -1 : restartMark.everyClientMillis())));
        }
        md.append("\n## How connections ended, over the run\n\n| what | count |\n|---|---:|\n");
        ((Map<String, Long>) r.get("events")).forEach((k, v) -> md.append("| ").append(k).append(" | ")
                .append(String.format(Locale.ROOT, "%,d", v)).append(" |\n"));
        return md.toString();
    }

    private static String ms(long v) {
        return v < 0 ? "not by the end" : String.format(Locale.ROOT, "%,d ms", v);
    }

    private static double minute(Map<String, Object> run, long at) {
        return (at - (Long) run.get("t0")) / 60_000.0;
    }
}
