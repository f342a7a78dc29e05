package io.tickwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for servers a test starts on a fixed port. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port free on 127.0.0.1 now (the OS picks it; another process could still take it first). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
