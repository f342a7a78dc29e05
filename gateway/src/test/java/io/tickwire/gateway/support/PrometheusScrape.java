package io.tickwire.gateway.support;

import static io.tickwire.testing.Patience.PATIENCE;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import reactor.netty.http.client.HttpClient;

/**
 * One scrape of {@code /actuator/prometheus} over HTTP, as Prometheus sees it: series (name and
 * labels, exactly as exposed) to value.
 */
public record PrometheusScrape(Map<String, Double> series) {

    private static final HttpClient HTTP = HttpClient.create();

    public static PrometheusScrape of(int port) {
        String body = HTTP.get().uri("http://127.0.0.1:" + port + "/actuator/prometheus")
                .responseSingle((response, content) -> {
                    if (response.status().code() != 200) {
                        throw new IllegalStateException("scrape answered " + response.status());
                    }
                    return content.asString();
                })
                .block(PATIENCE);
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusScrape(series);
    }

    /** The value of a series written as exposed, e.g. {@code tickwire_connections{transport="ws"}}; 0 if absent. */
    public double value(String series) {
        return this.series.getOrDefault(series, 0.0);
    }

    /** The value of {@code name} with one label, e.g. {@code value("tickwire_connections", "transport", "ws")}. */
    public double value(String name, String label, String labelValue) {
        return value(name + "{" + label + "=\"" + labelValue + "\"}");
    }

    /** Names and labels of every series whose name starts with {@code prefix}. */
    public Set<String> seriesStartingWith(String prefix) {
        return series.keySet().stream().filter(s -> s.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }
}
