package io.tickwire.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One command to a Redis or a Redis Sentinel on 127.0.0.1, over a connection of its own, for a
 * test's setup and checks (no client library: the drivers stay free of the code under test). The
 * reply as Java values: a simple or bulk string as {@link String} (an error as {@code "-ERR …"}),
 * an integer as {@link Long}, an array as a {@link List}, a null as {@code null}.
 */
final class RespCall {

    private RespCall() {
    }

    /** Sends {@code args} as one command to {@code port}; its reply, read whole. */
    static Object call(int port, String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            StringBuilder out = new StringBuilder().append('*').append(args.length).append("\r\n");
            for (String a : args) {
                out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream o = s.getOutputStream();
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
            o.flush();
            return read(new BufferedInputStream(s.getInputStream()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(InputStream in) throws IOException {
        String line = line(in);
        if (line.isEmpty()) {
            throw new IOException("connection closed before a reply");
        }
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+' -> rest;
            case '-' -> line;
            case ':' -> Long.parseLong(rest);
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    yield null;
                }
                byte[] b = in.readNBytes(n + 2);
                yield new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("not a RESP2 reply: " + line);
        };
    }

    /** One line of a reply, without its CR LF; empty at the end of the stream. */
    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
