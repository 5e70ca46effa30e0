package io.dockyard.agent;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.dockyard.core.loop.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The engine's event stream for this agent's containers (die, health_status, oom, destroy), routed
 * to the task runners. Reconnects after an error, resuming from the last event seen.
 */
final class EngineEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineEvents.class);

    private final TaskServices s;
    private volatile boolean closed;
    private volatile Closeable stream;
    private volatile long lastSeconds;
    private Supervisor.Loop loop;

    EngineEvents(TaskServices s) { this.s = s; }

    EngineEvents start() {
        lastSeconds = System.currentTimeMillis() / 1000 - 1;
        loop = s.supervisor().start("engine-events", this::loop);
        return this;
    }

    private void loop() {
        while (!closed) {
            CountDownLatch ended = new CountDownLatch(1);
            try {
                ResultCallback.Adapter<Event> cb = new ResultCallback.Adapter<>() {
                    @Override public void onNext(Event e) { handle(e); }
                    @Override public void onError(Throwable t) { ended.countDown(); }
                    @Override public void onComplete() { ended.countDown(); }
                };
                stream = s.engine().client().eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withLabelFilter(Map.of(Labels.AGENT, s.agentId()))
                        .withSince(Long.toString(lastSeconds))
                        .exec(cb);
                ended.await();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("engine event stream: {}", e.toString());
            }
            if (closed) return;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(Event e) {
        if (e.getTime() != null) lastSeconds = Math.max(lastSeconds, e.getTime() - 1);
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        if (e.getId() == null || action == null) return;
        s.dispatch(e.getId(), action);
    }

    @Override
    public void close() {
        closed = true;
        Closeable c = stream;
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing
            }
        }
        if (loop != null) loop.stop();
    }
}
