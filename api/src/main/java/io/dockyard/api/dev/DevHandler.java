package io.dockyard.api.dev;

import io.dockyard.core.port.Leadership;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.Out;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Developer helpers: {@code GET /_dockyard/health} (status {@code ok}, or {@code degraded} naming the
 * background loops that failed and are restarting, with every loop's state) and, in local mode only, {@code POST /_dockyard/reset}
 * (also {@code POST /moto-api/reset}) which wipes the state and runs the reset hooks (the embedded
 * agent removes Dockyard's containers there). Every helper but health needs the {@value #HEADER}
 * header (a request a browser cannot send cross-site without a CORS preflight, which the edge refuses)
 * and can be turned off altogether ({@code --no-dev-helpers}).
 */
public final class DevHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(DevHandler.class);

    private final Store store;
    private final boolean localMode;
    private final String version;
    private final Supplier<List<Supervisor.LoopState>> loops;
    private final List<Runnable> resetHooks = new CopyOnWriteArrayList<>();
    /** The custom header dev helpers other than health require. */
    public static final String HEADER = "X-Dockyard-Dev";
    private volatile boolean helpers = true;
    private volatile Leadership leadership;

    public DevHandler(Store store, boolean localMode, String version, Supplier<List<Supervisor.LoopState>> loops) {
        this.loops = loops;
        this.store = store;
        this.localMode = localMode;
        this.version = version;
    }

    /** Turns the helpers other than health on or off ({@code --no-dev-helpers}). */
    public DevHandler helpers(boolean on) {
        this.helpers = on;
        return this;
    }

    /** Health also reports this replica's leadership: its node name, whether it leads, under which term, and the leader it knows. */
    public DevHandler leadership(Leadership l) {
        this.leadership = l;
        return this;
    }

    /** The helper that interrupts Fargate Spot tasks: {@code {"cluster": …, "task": … (optional), "count": … (optional)}}. */
    public static final String SPOT_PATH = "/_dockyard/spot-interruption";
    private io.dockyard.launch.SpotInterruptions spot;

    private io.dockyard.core.port.AutoScalingGroups groups;

    public DevHandler spotInterruptions(io.dockyard.launch.SpotInterruptions s, io.dockyard.core.port.AutoScalingGroups g) {
        this.spot = s;
        this.groups = g;
        return this;
    }

    private void spotInterruption(Request request, Response response, Callback callback) {
        Map<String, Object> in;
        try {
            byte[] body = Http.body(request);
            in = body.length == 0 ? Map.of() : io.dockyard.protocol.Json.MAPPER.readValue(body, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException | RuntimeException e) {
            Http.sendJson(response, callback, 400, error("SerializationException", "The body must be a JSON object: {\"cluster\": …, \"task\": …, \"count\": …}."));
            return;
        }
        if (in.get("instance") != null) {
            // an EC2 Spot host of an Auto Scaling group: drained, then replaced
            String instance = String.valueOf(in.get("instance"));
            boolean done = groups != null && groups.interrupt(instance);
            if (!done) {
                Http.sendJson(response, callback, 400, error("InvalidParameterException", "No Auto Scaling group has the instance " + instance + "."));
                return;
            }
            Http.sendJson(response, callback, 200, Out.obj().with("interrupted", List.of(instance)));
            return;
        }
        String cluster = io.dockyard.core.Arns.clusterName(in.get("cluster") == null ? "default" : String.valueOf(in.get("cluster")));
        var c = store.get(io.dockyard.core.port.Kinds.CLUSTER, cluster).filter(x -> "ACTIVE".equals(x.status()));
        if (c.isEmpty()) {
            Http.sendJson(response, callback, 400, error("ClusterNotFoundException", "Cluster not found."));
            return;
        }
        String task = in.get("task") == null ? null : String.valueOf(in.get("task"));
        if (task != null && !task.startsWith("arn:")) task = c.get().arn().replace(":cluster/", ":task/") + "/" + task;
        int count = in.get("count") instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
        List<String> done = spot.interrupt(c.get().arn(), task, count);
        Http.sendJson(response, callback, 200, Out.obj().with("interrupted", done));
    }

    /** Runs after the state is wiped by a reset. */
    public void onReset(Runnable hook) { resetHooks.add(hook); }

    public static boolean accepts(Request r) {
        String p = Request.getPathInContext(r);
        return p.startsWith("/_dockyard/health") || p.startsWith("/_dockyard/reset") || p.startsWith("/moto-api/reset")
                || p.startsWith(SPOT_PATH);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/_dockyard/health")) {
            Http.sendJson(response, callback, 200, health());
            return true;
        }
        if (!helpers) {
            Http.sendJson(response, callback, 403, error("AccessDeniedException", "Dev helpers are turned off (--no-dev-helpers)."));
            return true;
        }
        if (request.getHeaders().get(HEADER) == null) {
            Http.sendJson(response, callback, 403, error("AccessDeniedException", "Dev helpers need the " + HEADER + " header (e.g. curl -X POST -H '" + HEADER + ": 1' ...)."));
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            Http.sendJson(response, callback, 405, Out.obj().with("message", "Use POST."));
            return true;
        }
        if (path.startsWith(SPOT_PATH)) {
            spotInterruption(request, response, callback);
            return true;
        }
        if (!localMode) {
            Http.sendJson(response, callback, 403, Out.obj().with("message", "Reset is only available in local mode."));
            return true;
        }
        store.clear();
        for (Runnable hook : resetHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.warn("reset hook failed: {}", e.toString());
            }
        }
        log.info("state reset");
        Http.sendJson(response, callback, 200, Out.obj().with("status", "ok"));
        return true;
    }

    private Out health() {
        List<Supervisor.LoopState> states = loops.get();
        List<String> degraded = states.stream().filter(Supervisor.LoopState::degraded).map(Supervisor.LoopState::name).toList();
        List<Map<String, Object>> each = states.stream().<Map<String, Object>>map(l -> Out.obj().with("name", l.name()).with("state", l.state().wire())
                .with("failures", l.failures()).with("lastError", l.lastError())
                .with("lastFailure", l.lastFailure() == null ? null : l.lastFailure().toString())).toList();
        return Out.obj().with("status", degraded.isEmpty() ? "ok" : "degraded").with("version", version).with("mode", localMode ? "local" : "cluster")
                .withNonEmpty("degraded", degraded).with("leadership", leadershipOut()).with("loops", each);
    }

    private Out leadershipOut() {
        Leadership l = leadership;
        if (l == null) return null;
        long term = l.term();
        return Out.obj().with("node", l.node()).with("leading", term > 0).with("term", term > 0 ? term : null).with("leader", l.leader());
    }

    private static Out error(String code, String message) { return Out.obj().with("__type", code).with("message", message); }
}
