package io.dockyard.loadbalancer.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * An NLB TCP listener: each accepted connection is piped, both ways, to one target of the default action's group,
 * connected from the same event loop. Reads on one side wait while the other side cannot take more (back-pressure);
 * either side closing closes both.
 */
final class TcpListener implements ListenerServer {
    private final int port;
    private final Function<String, TargetPool> pools;
    private final Transport transport;
    private volatile RouteTable table = RouteTable.EMPTY;
    private Channel server;

    private TcpListener(int port, Function<String, TargetPool> pools, Transport transport) {
        this.port = port;
        this.pools = pools;
        this.transport = transport;
    }

    /** Binds the port on {@code host}; null when it cannot be bound. */
    static TcpListener open(Transport transport, String host, int port, Function<String, TargetPool> pools) {
        TcpListener l = new TcpListener(port, pools, transport);
        l.server = transport.listen(host, port, false, l::connect);
        return l.server == null ? null : l;
    }

    private void connect(Channel downstream) {
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
        downstream.closeFuture().addListener(f -> release.run());
        new Bootstrap().group(downstream.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(t.inet()).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        downstream.close();
                        return;
                    }
                    Channel upstream = f.channel();
                    upstream.pipeline().addLast(new Relay(downstream));
                    downstream.pipeline().addLast(new Relay(upstream));
                    if (!downstream.isActive()) {
                        upstream.close();
                        return;
                    }
                    downstream.read();
                    upstream.read();
                });
    }

    /**
     * Writes what one side reads to the other and reads the next chunk once the write is flushed; when its side closes,
     * closes the other after what was written to it is flushed.
     */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel to;

        Relay(Channel to) { this.to = to; }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!to.isActive()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            to.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) ctx.channel().read();
                else ctx.close();
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (to.isActive()) to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
    }

    @Override
    public int port() { return port; }

    @Override
    public void routes(RouteTable t) { table = t; }

    @Override
    public void close() {
        if (server != null) server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
