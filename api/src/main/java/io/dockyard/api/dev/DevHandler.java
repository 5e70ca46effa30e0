package io.dockyard.api.dev;

import io.dockyard.protocol.Http;
import io.dockyard.protocol.Out;
import io.dockyard.core.port.Signal;
import io.dockyard.core.port.Store;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Developer helpers: {@code GET /_dockyard/health} and, in local mode only, {@code POST /_dockyard/reset}
 * (also {@code POST /moto-api/reset}) which wipes the state and runs the reset hooks (the embedded
 * agent removes Dockyard's containers there).
 */
public final class DevHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(DevHandler.class);

    private final Store store;
    private final Signal signal;
    private final boolean localMode;
    private final String version;
    private final List<Runnable> resetHooks = new CopyOnWriteArrayList<>();

    public DevHandler(Store store, Signal signal, boolean localMode, String version) {
        this.store = store;
        this.signal = signal;
        this.localMode = localMode;
        this.version = version;
    }

    /** Runs after the state is wiped by a reset. */
    public void onReset(Runnable hook) { resetHooks.add(hook); }

    public static boolean accepts(Request r) {
        String p = Request.getPathInContext(r);
        return p.startsWith("/_dockyard/health") || p.startsWith("/_dockyard/reset") || p.startsWith("/moto-api/reset");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/_dockyard/health")) {
            Http.sendJson(response, callback, 200, Out.obj().with("status", "ok").with("version", version).with("mode", localMode ? "local" : "cluster"));
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            Http.sendJson(response, callback, 405, Out.obj().with("message", "Use POST to reset."));
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
        signal.fire();
        log.info("state reset");
        Http.sendJson(response, callback, 200, Out.obj().with("status", "ok"));
        return true;
    }
}
