package io.tickwire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A real TCP proxy on a loopback port, standing for the network between a client and a gateway:
 * it can go silent on the links it carries ({@link #stall()}: bytes stop flowing both ways while
 * the sockets stay open, as behind a dead NAT entry), cut them, or send new links to another node
 * ({@link #retarget(int)}), as a load balancer or a DNS name would.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile int target;
    private volatile boolean closed;

    private TcpProxy(int target) throws IOException {
        this.target = target;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::accept, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy forwarding to {@code 127.0.0.1:targetPort}. */
    public static TcpProxy start(int targetPort) {
        try {
            return new TcpProxy(targetPort);
        }
        catch (IOException e) {
            throw new IllegalStateException("could not start the proxy", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** New links go to {@code port} from now on; open ones are left as they are. */
    public void retarget(int port) {
        target = port;
    }

    /** Open links stop carrying bytes, and stay open; new links work. */
    public void stall() {
        links.forEach(Link::stall);
    }

    /** Open links are closed. */
    public void cut() {
        links.forEach(Link::close);
    }

    /** How many links are open. */
    public int links() {
        return links.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                try {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    new Link(client, upstream).start();
                }
                catch (IOException e) {
                    // Nothing listens there (a node that is down): the client sees its link refused.
                    client.close();
                }
            }
            catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("proxy accept failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        }
        catch (IOException e) {
            // Closing anyway.
        }
        cut();
    }

    /** One client's link: a thread per direction. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean stalled;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            links.add(this);
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }

        void stall() {
            stalled = true;
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (;;) {
                        int n = in.read(buffer);
                        if (stalled) {
                            // Holds what came, even an end, and reads no more until the link is closed.
                            ended.await();
                            return;
                        }
                        if (n < 0) {
                            break;
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
                catch (IOException e) {
                    // The other side went away.
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finally {
                    close();
                }
            }, "tcp-proxy-" + direction);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            links.remove(this);
            ended.countDown();
            for (Socket s : new Socket[] {client, upstream}) {
                try {
                    s.close();
                }
                catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
    }
}
