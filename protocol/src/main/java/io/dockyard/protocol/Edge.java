package io.dockyard.protocol;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The one edge port: routes each request to the first {@link Route} that accepts it (the registry
 * under {@code /v2/}, dev helpers under {@code /_dockyard/}, AWS JSON targets, the Query protocol…).
 */
public final class Edge extends Handler.Abstract {

    /** A route: which requests, and the handler that answers them. */
    public record Route(String name, Predicate<Request> accepts, Handler handler) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Edge add(Route route) {
        routes.add(route);
        return this;
    }

    /** A route for every request whose path starts with the prefix. */
    public static Route pathPrefix(String name, String prefix, Handler handler) {
        return new Route(name, r -> Request.getPathInContext(r).startsWith(prefix), handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        for (Route route : routes) {
            if (route.accepts().test(request)) return route.handler().handle(request, response, callback);
        }
        Http.sendJson(response, callback, 404, JsonProtocolHandler.error("UnknownOperationException", "No operation or resource at " + Request.getPathInContext(request) + "."));
        return true;
    }

    @Override
    protected void doStart() throws Exception {
        for (Route r : routes) {
            r.handler().setServer(getServer());
            r.handler().start();
        }
        super.doStart();
    }
}
