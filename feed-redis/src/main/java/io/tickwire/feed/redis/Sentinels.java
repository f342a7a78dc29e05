package io.tickwire.feed.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis primary found through Redis Sentinel, as Lettuce addresses it: the master's name and
 * the sentinels to ask, each {@code host:port} (port 26379 when left out), as Spring Boot's
 * {@code spring.data.redis.sentinel.nodes} writes them.
 *
 * <p>Lettuce asks the sentinels for the primary's address ({@code SENTINEL get-master-addr-by-name})
 * on every connect, and again on every reconnect of a connection that reconnects by itself; a
 * {@link RedisQuoteFeed} and a {@link RedisQuotePublisher} built on such a URI reach a newly
 * promoted primary after a failover without being told.
 */
public final class Sentinels {

    private Sentinels() {
    }

    /**
     * A builder for the primary {@code master} names, asking {@code nodes}; {@code username} and
     * {@code password} (either may be null or empty) are the sentinels' own, not the data nodes',
     * which go on the returned builder ({@code withAuthentication}).
     *
     * @throws IllegalArgumentException if {@code master} is blank, {@code nodes} is empty, or a node is not
     *                                  {@code host[:port]}
     */
    public static RedisURI.Builder primary(String master, List<String> nodes, String username, String password) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("the Sentinel master name is missing (spring.data.redis.sentinel.master,"
                    + " or the publisher's --sentinel-master)");
        }
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("no Sentinel node is given (spring.data.redis.sentinel.nodes, or the "
                    + "publisher's --sentinel): host:port,host:port");
        }
        RedisURI.Builder b = RedisURI.builder().withSentinelMasterId(master.trim());
        for (String node : nodes) {
            RedisURI.Builder sentinel = RedisURI.builder().withHost(host(node)).withPort(port(node));
            if (password != null && !password.isEmpty()) {
                sentinel = username != null && !username.isEmpty()
                        ? sentinel.withAuthentication(username, password.toCharArray())
                        : sentinel.withPassword(password.toCharArray());
            }
            b = b.withSentinel(sentinel.build());
        }
        return b;
    }

    /** {@code host:port,host:port} as a list, blanks dropped. */
    public static List<String> nodes(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String s : commaSeparated.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** Where the URI finds its Redis, for a log line: the master's name and sentinels, or host and port. */
    public static String describe(RedisURI uri) {
        if (uri.getSentinelMasterId() != null && !uri.getSentinels().isEmpty()) {
            return "the primary of '" + uri.getSentinelMasterId() + "' by Sentinel "
                    + String.join(",", uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).toList());
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    private static String host(String node) {
        String n = node.trim();
        int colon = n.lastIndexOf(':');
        String host = colon < 0 ? n : n.substring(0, colon);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Sentinel node '" + node + "' is not host:port");
        }
        return host;
    }

    private static int port(String node) {
        String n = node.trim();
        int colon = n.lastIndexOf(':');
        if (colon < 0) {
            return RedisURI.DEFAULT_SENTINEL_PORT;
        }
        try {
            int port = Integer.parseInt(n.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("Sentinel node '" + node + "' is not host:port (port 1..65535)");
        }
    }
}
