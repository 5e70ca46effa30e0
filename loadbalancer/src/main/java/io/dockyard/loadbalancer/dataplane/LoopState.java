package io.dockyard.loadbalancer.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one event loop of an ALB listener owns: its client connections, its connections to targets
 * (the idle ones pooled per target) and a once-a-second sweep for idle and timed-out connections.
 * Touched only from that event loop, so nothing here is locked.
 */
final class LoopState {
    /** An idle pooled connection is closed after this long (targets commonly close theirs after 60 s or more). */
    private static final long POOL_IDLE_SECONDS = 55;

    final EventLoop loop;
    private final Class<? extends Channel> channelType;
    /** The response timeout in sweeps (seconds), rounded up: exchanges silent that long get a 504. */
    private final long responseTimeoutTicks;
    private final long clientIdleSeconds;
    final Set<Frontend> frontends = new HashSet<>();
    private final Set<Backend> backends = new HashSet<>();
    private final Map<TargetState, ArrayDeque<Backend>> idle = new HashMap<>();
    private final ScheduledFuture<?> sweeper;
    /** Seconds since the loop state was made, advanced by the sweep: a coarse clock for client idleness. */
    long ticks;

    LoopState(EventLoop loop, Class<? extends Channel> channelType, long responseTimeoutMs, long clientIdleSeconds) {
        this.loop = loop;
        this.channelType = channelType;
        this.responseTimeoutTicks = Math.max(1, (responseTimeoutMs + 999) / 1000);
        this.clientIdleSeconds = clientIdleSeconds;
        this.sweeper = loop.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** An idle pooled connection to {@code t}, or null. */
    Backend acquire(TargetState t) {
        ArrayDeque<Backend> q = idle.get(t);
        while (q != null && !q.isEmpty()) {
            Backend b = q.pollLast();
            if (b.ch != null && b.ch.isActive()) return b;
            b.close();
        }
        return null;
    }

    /** A new, not yet connected, connection to {@code t}: give it its exchange ({@link Backend#begin}), then {@link #connect} it. */
    Backend create(TargetState t) {
        Backend b = new Backend(this, t);
        backends.add(b);
        return b;
    }

    /** Starts connecting {@code b}; what was sent meanwhile is queued and written once connected. */
    void connect(Backend b) {
        ChannelFuture f = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(b).connect(b.target.inet());
        b.ch = f.channel();
        f.addListener((ChannelFuture done) -> b.connected(done.channel(), done.isSuccess()));
    }

    /** Back to the pool after an exchange; closed instead when its target is draining or gone. */
    void release(Backend b) {
        if (b.target.draining || b.ch == null || !b.ch.isActive()) {
            b.close();
            return;
        }
        b.idleSince = ticks;
        idle.computeIfAbsent(b.target, k -> new ArrayDeque<>()).addLast(b);
    }

    void remove(Backend b) {
        backends.remove(b);
        ArrayDeque<Backend> q = idle.get(b.target);
        if (q != null) {
            q.remove(b);
            if (q.isEmpty()) idle.remove(b.target);
        }
    }

    private void sweep() {
        ticks++;
        List<Backend> expired = new ArrayList<>();
        for (Backend b : backends) {
            if (b.busy() ? ticks - b.lastActivity > responseTimeoutTicks : (b.target.draining || ticks - b.idleSince > POOL_IDLE_SECONDS)) expired.add(b);
        }
        for (Backend b : expired) {
            if (b.busy()) b.timedOut();
            else b.close();
        }
        List<Frontend> quiet = new ArrayList<>();
        for (Frontend f : frontends) if (f.idle() && ticks - f.lastActivity > clientIdleSeconds) quiet.add(f);
        for (Frontend f : quiet) f.ch.close();
    }

    /** Closes every connection of this loop (the listener is closing). */
    void closeAll() {
        sweeper.cancel(false);
        for (Backend b : new ArrayList<>(backends)) b.close();
        for (Frontend f : new ArrayList<>(frontends)) f.ch.close();
    }
}
