package io.tickwire.testing;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;

/**
 * Thousands of hand-made WebSockets held by a process of their own, so that the test's JVM (which
 * also holds the gateway's side of each) stays under its open-file limit, and so that killing the
 * process resets every one of them at the same instant: each socket is set to SO_LINGER 0, and the
 * kernel closes them all with a reset when the process dies.
 */
public final class WebSocketHorde implements AutoCloseable {

    private final JavaProcess process;

    private WebSocketHorde(JavaProcess process) {
        this.process = process;
    }

    /** Starts the process: {@code count} WebSockets to {@code port}'s {@code /ws}, each having sent {@code firstMessage}. */
    public static WebSocketHorde open(int port, int count, String firstMessage, Path dir) {
        return new WebSocketHorde(JavaProcess.start(WebSocketHorde.class.getName(),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(Integer.toString(port), Integer.toString(count), firstMessage), dir.resolve("horde.log")));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: every connection is reset at once, nothing said to the gateway first. */
    public void resetAll() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The process: opens the sockets, reports, and holds them until it is killed. */
    public static void main(String[] args) throws InterruptedException {
        RawSockets sockets = RawSockets.webSockets(Integer.parseInt(args[0]), "/ws", Integer.parseInt(args[1]), args[2]);
        sockets.lingerZero();
        System.out.println("holding " + args[1] + " WebSockets");
        try {
            Thread.currentThread().join();
        }
        finally {
            Reference.reachabilityFence(sockets);
        }
    }
}
