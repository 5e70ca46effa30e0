package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.protocol.Http;
import io.dockyard.api.protocol.Out;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The control plane's side of the agent protocol (see io.dockyard.core.agent). */
public final class AgentHandler extends Handler.Abstract {
    public static final String PREFIX = "/_dockyard/agent/v1/";
    private final Ecs ecs;

    public AgentHandler(Ecs ecs) { this.ecs = ecs; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Http.sendJson(response, callback, 404, Out.obj().with("message", "not built yet"));
        return true;
    }
}
