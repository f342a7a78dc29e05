package io.tickwire.gateway.security;

import io.tickwire.gateway.support.StreamClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A WebSocket handshake written by hand, and the server's whole answer read back as bytes: for
 * checking that a refused token gets an HTTP response with the contract's body and never a 101
 * upgrade, which a WebSocket client library would hide behind an exception.
 *
 * @param status the response's status code
 * @param head   the status line and headers
 * @param body   the response body (none after a 101)
 */
record RawHandshake(int status, String head, String body) {

    /** {@code GET pathAndQuery} on 127.0.0.1:{@code port} as a WebSocket upgrade, with {@code bearer} unless null. */
    static RawHandshake to(int port, String pathAndQuery, String bearer) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) StreamClient.TIMEOUT.toMillis());
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(s.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toString().toLowerCase(Locale.ROOT);
            String body = "";
            if (status != 101) {
                body = lower.contains("transfer-encoding: chunked") ? chunked(in) : sized(in, header(lower));
            }
            return new RawHandshake(status, head.toString(), body);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int header(String lowerHead) {
        int at = lowerHead.indexOf("content-length:");
        if (at < 0) {
            return 0;
        }
        return Integer.parseInt(lowerHead.substring(at + 15, lowerHead.indexOf("\r\n", at)).trim());
    }

    private static String sized(DataInputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String chunked(DataInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            while (size.indexOf("\r\n") < 0) {
                size.append((char) in.readUnsignedByte());
            }
            int n = Integer.parseInt(size.toString().trim(), 16);
            byte[] chunk = new byte[n + 2];
            in.readFully(chunk);
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(chunk, 0, n);
        }
    }
}
