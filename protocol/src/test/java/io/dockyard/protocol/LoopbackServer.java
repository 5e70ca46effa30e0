package io.dockyard.protocol;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A Jetty server for a test: one connector on 127.0.0.1, a free port. */
final class LoopbackServer {
    private LoopbackServer() {}

    /** Starts {@code server} with {@code handler} on a free loopback port; returns the port. */
    static int start(Server server, Handler handler) throws Exception {
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(handler);
        server.start();
        return c.getLocalPort();
    }
}
