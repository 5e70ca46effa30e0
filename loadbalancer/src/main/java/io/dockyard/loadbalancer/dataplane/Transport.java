package io.dockyard.loadbalancer.dataplane;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.TimeUnit;

/**
 * The data plane's Netty event loops: one per core, on epoll where the native transport loads (Linux x86-64), else
 * NIO. The only platform threads of the process besides the JVM's own; every listener and backend connection runs on
 * them, and nothing on them blocks.
 */
final class Transport implements AutoCloseable {
    private final boolean epoll;
    private final EventLoopGroup group;

    Transport(int threads) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    boolean epoll() { return epoll; }

    EventLoopGroup group() { return group; }

    Class<? extends ServerChannel> serverChannel() { return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class; }

    Class<? extends Channel> socketChannel() { return epoll ? EpollSocketChannel.class : NioSocketChannel.class; }

    /**
     * Binds a listening socket on {@code host:port} whose connections {@code init} sets up ({@code autoRead} off: the
     * handler asks for each read); null when the port cannot be bound (taken, not allowed).
     */
    Channel listen(String host, int port, boolean autoRead, java.util.function.Consumer<Channel> init) {
        ChannelFuture bound = new ServerBootstrap().group(group, group).channel(serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.AUTO_READ, autoRead)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) { init.accept(ch); }
                })
                .bind(host, port);
        if (!bound.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
            bound.channel().close();
            return null;
        }
        return bound.channel();
    }

    /** Stops the loops at once (no quiet period): a SIGTERM exits within its budget. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
}
