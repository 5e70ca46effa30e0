package io.dockyard.loadbalancer.dataplane;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** An NLB TCP listener: each connection is piped, both ways, to one target of the default action's group. */
final class TcpListener implements ListenerServer {
    private final int port;
    private final List<NetServer> servers = new ArrayList<>();
    private final Function<String, TargetPool> pools;
    private final NetClient client;
    private volatile RouteTable table = RouteTable.EMPTY;

    private TcpListener(int port, Function<String, TargetPool> pools, NetClient client) {
        this.port = port;
        this.pools = pools;
        this.client = client;
    }

    static Future<TcpListener> open(Vertx vertx, NetClient client, String host, int port, int instances, Function<String, TargetPool> pools) {
        TcpListener l = new TcpListener(port, pools, client);
        List<Future<NetServer>> bound = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            NetServer s = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true)).connectHandler(l::connect);
            l.servers.add(s);
            bound.add(s.listen(port, host));
        }
        return Future.all(bound).map(x -> l).onFailure(e -> l.close());
    }

    private void connect(NetSocket downstream) {
        downstream.pause();
        RouteTable.Action a = table.route(null);
        TargetPool pool = a == null || a.groups().isEmpty() ? null : pools.apply(a.groups().get(0).arn());
        TargetState t = pool == null ? null : pool.pick();
        if (t == null) {
            downstream.close();
            return;
        }
        t.inFlight.incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        Runnable cut = downstream::close;
        t.cutters.add(cut);
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                t.cutters.remove(cut);
                t.inFlight.decrementAndGet();
            }
        };
        client.connect(t.address).onComplete(ar -> {
            if (ar.failed()) {
                release.run();
                downstream.close();
                return;
            }
            NetSocket upstream = ar.result();
            downstream.closeHandler(v -> { upstream.close(); release.run(); });
            upstream.closeHandler(v -> { downstream.close(); release.run(); });
            downstream.pipeTo(upstream);
            upstream.pipeTo(downstream);
        });
    }

    @Override
    public int port() { return port; }

    @Override
    public void routes(RouteTable t) { table = t; }

    @Override
    public void close() {
        for (NetServer s : servers) s.close();
    }
}
