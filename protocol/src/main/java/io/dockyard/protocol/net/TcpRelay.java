package io.dockyard.protocol.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay: connections accepted on one address are joined to another, byte for byte, a virtual
 * thread per direction. Dockyard uses it where a host of its own (a network namespace) must reach a
 * control plane that listens on the machine's loopback only: on the machine, at the host's gateway
 * address; inside the host, at its own loopback (so {@code localhost:<port>} image names pull there too).
 */
public final class TcpRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);

    private final ServerSocket server;
    private final InetSocketAddress to;
    private volatile boolean closed;

    private TcpRelay(ServerSocket server, InetSocketAddress to) {
        this.server = server;
        this.to = to;
    }

    /** Listens on {@code host:port} and relays every connection to {@code to}. */
    public static TcpRelay open(String host, int port, InetSocketAddress to) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        TcpRelay r = new TcpRelay(s, to);
        Thread.ofVirtual().name("relay-" + host + ":" + port).start(r::accept);
        log.debug("relay {}:{} -> {}", host, port, to);
        return r;
    }

    /** The port of {@code url}: its own, else its scheme's (443 for https, 80 otherwise). */
    public static int port(java.net.URI url) {
        return url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    }

    /** The port it listens on. */
    public int port() { return server.getLocalPort(); }

    private void accept() {
        while (!closed) {
            try {
                Socket in = server.accept();
                Thread.ofVirtual().start(() -> join(in));
            } catch (IOException e) {
                if (!closed) log.debug("relay accept: {}", e.toString());
            }
        }
    }

    private void join(Socket in) {
        try (in; Socket out = new Socket()) {
            out.connect(to, 5000);
            in.setTcpNoDelay(true);
            out.setTcpNoDelay(true);
            Thread back = Thread.ofVirtual().start(() -> pump(out, in));
            pump(in, out);
            back.join();
        } catch (IOException e) {
            log.debug("relay to {}: {}", to, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until end of stream, then half-closes the other side's output so the peer sees the end too. */
    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
