package io.dockyard.loadbalancer.dataplane;

/** A bound listener port: an HTTP proxy (ALB) or a TCP pass-through (NLB). */
interface ListenerServer extends AutoCloseable {
    int port();

    /** Replaces the rules the listener routes by. */
    void routes(RouteTable table);

    @Override
    void close();
}
