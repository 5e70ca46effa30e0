package io.dockyard.loadbalancer.dataplane;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * An ALB listener: Vert.x HTTP servers (one per event loop) on the port, routing each request by the
 * listener's rules to a fixed response, a redirect or a target of a (weighted) target group, through
 * Vert.x's reverse proxy (keep-alive, chunked bodies, WebSocket upgrades). X-Forwarded-For/-Proto/-Port
 * are set as ALB sets them; 503 when no target, 502 when the target fails, 504 when it does not answer in time.
 */
final class HttpListener implements ListenerServer, ProxyInterceptor {
    private static final String TARGET = "dockyard.target";
    private static final String POOL = "dockyard.pool";
    private static final String CUT = "dockyard.cut";
    private static final String STICKY = "AWSALB";

    private final int port;
    private final List<HttpServer> servers = new ArrayList<>();
    private final Function<String, TargetPool> pools;
    private final long responseTimeoutMs;
    private volatile RouteTable table = RouteTable.EMPTY;

    private HttpListener(int port, Function<String, TargetPool> pools, long responseTimeoutMs) {
        this.port = port;
        this.pools = pools;
        this.responseTimeoutMs = responseTimeoutMs;
    }

    /** Binds the port on {@code host} with {@code instances} servers; fails if the port is taken. */
    static Future<HttpListener> open(Vertx vertx, HttpClient client, String host, int port, int instances, Function<String, TargetPool> pools, long responseTimeoutMs) {
        HttpListener l = new HttpListener(port, pools, responseTimeoutMs);
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
                .origin(ctx -> ctx.client().request(new RequestOptions().setServer(ctx.get(TARGET, TargetState.class).address)
                        .setIdleTimeout(l.responseTimeoutMs)))
                .addInterceptor(l, true);
        List<Future<HttpServer>> bound = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            HttpServer s = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60).setTcpNoDelay(true).setHttp2ClearTextEnabled(false)).requestHandler(proxy);
            l.servers.add(s);
            bound.add(s.listen(port, host));
        }
        return Future.all(bound).map(x -> l).onFailure(e -> l.close());
    }

    @Override
    public int port() { return port; }

    @Override
    public void routes(RouteTable t) { table = t; }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
        ProxyRequest pr = ctx.request();
        HttpServerRequest sr = pr.proxiedRequest();
        RouteTable.Action a = table.route(sr);
        if (a == null) return done(ctx, 503);
        switch (a.type()) {
            case "fixed-response" -> { return Future.succeededFuture(Responses.fixed(pr.release().response(), a.config())); }
            case "redirect" -> { return Future.succeededFuture(Responses.redirect(pr.release().response(), sr, port, a.config())); }
            default -> { }
        }
        TargetPool pool = choose(a);
        if (pool == null) return done(ctx, 503);
        TargetState t = stickyTarget(sr, pool, a);
        if (t == null) t = pool.pick();
        if (t == null) return done(ctx, 503);
        t.inFlight.incrementAndGet();
        Runnable cut = () -> sr.connection().close();
        t.cutters.add(cut);
        ctx.set(CUT, cut);
        ctx.set(TARGET, t);
        ctx.set(POOL, pool);
        if (sr.authority() != null) pr.setAuthority(sr.authority());
        String client = sr.remoteAddress() == null ? "127.0.0.1" : sr.remoteAddress().hostAddress();
        String xff = pr.headers().get("X-Forwarded-For");
        pr.headers().set("X-Forwarded-For", xff == null ? client : xff + ", " + client);
        pr.headers().set("X-Forwarded-Proto", "http");
        pr.headers().set("X-Forwarded-Port", Integer.toString(port));
        return ctx.sendRequest().recover(err -> Future.succeededFuture(Responses.error(pr.release().response(), isTimeout(err) ? 504 : 502)));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext ctx) {
        TargetState t = ctx.get(TARGET, TargetState.class);
        TargetPool pool = ctx.get(POOL, TargetPool.class);
        if (t != null && pool != null && stickyEnabled(pool) && ctx.response().getStatusCode() < 500) {
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString((pool.arn + "|" + t.key()).getBytes(StandardCharsets.UTF_8));
            int seconds = pool.group.intAttribute("stickiness.lb_cookie.duration_seconds", 86400);
            ctx.response().headers().add("Set-Cookie", STICKY + "=" + value + "; Max-Age=" + seconds + "; Path=/");
        }
        Future<Void> sent = ctx.sendResponse();
        Runnable cut = ctx.get(CUT, Runnable.class);
        if (t != null) sent.onComplete(x -> {
            t.cutters.remove(cut);
            t.inFlight.decrementAndGet();
        });
        return sent;
    }

    private static Future<ProxyResponse> done(ProxyContext ctx, int status) {
        return Future.succeededFuture(Responses.error(ctx.request().release().response(), status));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().contains("Timeout") || (c.getMessage() != null && c.getMessage().contains("timeout period"))) return true;
        }
        return false;
    }

    /** A target group of the action by weight; null when every weight is zero or a group is gone. */
    private TargetPool choose(RouteTable.Action a) {
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

    private static boolean stickyEnabled(TargetPool pool) {
        return "true".equals(pool.group.attribute("stickiness.enabled")) && "lb_cookie".equals(pool.group.attribute("stickiness.type"));
    }

    /** The target named by the AWSALB cookie, when stickiness is on and the target still takes traffic. */
    private static TargetState stickyTarget(HttpServerRequest sr, TargetPool pool, RouteTable.Action a) {
        if (!stickyEnabled(pool)) return null;
        String cookie = sr.getHeader("Cookie");
        if (cookie == null) return null;
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
        return null;
    }

    @Override
    public void close() {
        for (HttpServer s : servers) s.close();
    }
}
