package io.dockyard.loadbalancer.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An ALB listener: one server socket on the port, its connections spread over the data plane's
 * event loops (Netty's, one per core: {@link Transport}), each handled by a {@link Frontend} that routes
 * requests by the listener's rules to a fixed response, a redirect or a target of a (weighted) target
 * group, and relays the exchange byte for byte over pooled keep-alive connections ({@link Backend}):
 * keep-alive, chunked bodies and WebSocket upgrades pass through; X-Forwarded-For/-Proto/-Port are set
 * as ALB sets them; 503 when no target, 502 when the target fails, 504 when it does not answer in time.
 * An HTTPS listener terminates TLS in front of the same proxy ({@link TlsContexts}) and forwards plain HTTP.
 */
final class HttpListener implements ListenerServer {
    private static final String STICKY = "AWSALB";
    private static final long CLIENT_IDLE_SECONDS = 60;

    private final int port;
    private final Function<String, TargetPool> pools;
    private final long responseTimeoutMs;
    private final Class<? extends Channel> socketType;
    private final Map<EventLoop, LoopState> loops = new ConcurrentHashMap<>();
    private final byte[] forwardedTail, forwardedTailTls;
    private volatile RouteTable table = RouteTable.EMPTY;
    /** HTTPS: the certificate for each SNI host name (null while the listener is HTTP, or its default certificate is gone). */
    private volatile boolean https;
    private volatile Mapping<String, SslContext> sni;
    private Channel server;

    /** The load balancer this listener belongs to, and where its requests are counted. */
    final String loadBalancerArn;
    final LbCounters counters;

    private HttpListener(int port, Function<String, TargetPool> pools, long responseTimeoutMs, Class<? extends Channel> socketType,
                         String loadBalancerArn, LbCounters counters) {
        this.loadBalancerArn = loadBalancerArn;
        this.counters = counters;
        this.port = port;
        this.pools = pools;
        this.responseTimeoutMs = responseTimeoutMs;
        this.socketType = socketType;
        this.forwardedTail = ("X-Forwarded-Proto: http\r\nX-Forwarded-Port: " + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.forwardedTailTls = ("X-Forwarded-Proto: https\r\nX-Forwarded-Port: " + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Binds the port on {@code host} (HTTPS with this SNI mapping when {@code https}); null when it cannot be bound (taken, not allowed). */
    static HttpListener open(Transport transport, String host, int port, Function<String, TargetPool> pools, long responseTimeoutMs,
                             String loadBalancerArn, LbCounters counters, boolean https, Mapping<String, SslContext> sni) {
        HttpListener l = new HttpListener(port, pools, responseTimeoutMs, transport.socketChannel(), loadBalancerArn, counters);
        l.tls(https, sni); // before the first accept: an HTTPS port never takes a connection as plain HTTP
        l.server = transport.listen(host, port, true, l::accept);
        return l.server == null ? null : l;
    }

    /**
     * Sets up an accepted connection: on HTTPS, TLS first (the certificate chosen by SNI, the handshake and the records on
     * the event loop), then the HTTP proxy on the clear bytes; an HTTPS listener without its certificate closes it.
     */
    private void accept(Channel ch) {
        if (https) {
            Mapping<String, SslContext> m = sni;
            if (m == null) {
                ch.close();
                return;
            }
            ch.pipeline().addLast(new SniHandler(m));
        }
        ch.pipeline().addLast(new Frontend(this, loop(ch.eventLoop())));
    }

    /** Makes the listener HTTPS with this SNI mapping ({@code https} true), or plain HTTP. New connections take it. */
    void tls(boolean isHttps, Mapping<String, SslContext> mapping) {
        sni = mapping;
        https = isHttps;
    }

    private LoopState loop(EventLoop e) {
        return loops.computeIfAbsent(e, k -> new LoopState(k, socketType, responseTimeoutMs, CLIENT_IDLE_SECONDS));
    }

    @Override
    public int port() { return port; }

    /** HTTPS or HTTP, as the listener is now (for redirects' {@code #{protocol}}). */
    String protocol() { return https ? "HTTPS" : "HTTP"; }

    @Override
    public void routes(RouteTable t) { table = t; }

    RouteTable.Action route(RequestFacts request) { return table.route(request); }

    byte[] forwardedTail() { return https ? forwardedTailTls : forwardedTail; }

    /** A target group of the action by weight; null when every weight is zero or a group is gone. */
    TargetPool choose(RouteTable.Action a) {
        List<RouteTable.WeightedGroup> groups = a.groups();
        if (groups.size() == 1) return pools.apply(groups.get(0).arn());
        int total = 0;
        for (RouteTable.WeightedGroup g : groups) total += g.weight();
        if (total == 0) return null;
        int r = ThreadLocalRandom.current().nextInt(total);
        for (RouteTable.WeightedGroup g : groups) {
            r -= g.weight();
            if (r < 0) return pools.apply(g.arn());
        }
        return null;
    }

    /** The target for a request: the one its stickiness cookie names when that still takes traffic, else the pool's pick. */
    TargetState target(TargetPool pool, RequestFacts request) {
        TargetState sticky = stickyTarget(request, pool);
        return sticky != null ? sticky : pool.pick();
    }

    /** The Set-Cookie value that pins a client to {@code t}, or null when the group is not sticky. */
    String stickyCookie(TargetPool pool, TargetState t) {
        TargetPool.Settings cfg = pool.settings();
        if (!cfg.sticky()) return null;
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString((pool.arn + "|" + t.key()).getBytes(StandardCharsets.UTF_8));
        return STICKY + "=" + value + "; Max-Age=" + cfg.stickySeconds() + "; Path=/";
    }

    /** The target named by the AWSALB cookie, when stickiness is on and the target still takes traffic. */
    private static TargetState stickyTarget(RequestFacts request, TargetPool pool) {
        if (!pool.settings().sticky()) return null;
        for (String cookie : request.headers("Cookie")) {
            for (String part : cookie.split(";")) {
                String p = part.trim();
                if (!p.startsWith(STICKY + "=")) continue;
                try {
                    String v = new String(Base64.getUrlDecoder().decode(p.substring(STICKY.length() + 1)), StandardCharsets.UTF_8);
                    int bar = v.lastIndexOf('|');
                    if (bar < 0 || !v.substring(0, bar).equals(pool.arn)) return null;
                    TargetState t = pool.get(v.substring(bar + 1));
                    return t != null && pool.routable(t) ? t : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (server != null) server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (LoopState s : loops.values()) s.loop.execute(s::closeAll);
    }
}
