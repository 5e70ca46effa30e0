package io.dockyard.it.services;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** GET / through a load balancer port every 20 ms on a virtual thread, keeping every answer ({@link TrafficFixtures#get}) until closed. */
final class RequestLoop implements AutoCloseable {
    private final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private final Thread thread;

    RequestLoop(int port) {
        thread = Thread.ofVirtual().start(() -> {
            while (running) {
                answers.add(TrafficFixtures.get(port));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The answers so far (a live, synchronized list: iterate it only once the loop is closed). */
    List<String> answers() { return answers; }

    /** A copy of the answers so far, safe to read while the loop goes on. */
    List<String> snapshot() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
