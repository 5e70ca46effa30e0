package io.dockyard.core.loop;

import io.dockyard.core.port.Leadership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the process's background loops, each on a {@link Background} thread of its own. A loop whose body throws
 * anything (an {@link Error} included) is logged in one line and restarted after an exponential
 * back-off; its state is kept for {@code /_dockyard/health}. An {@link OutOfMemoryError} is not
 * swallowed: it is reported as fatal and rethrown (the launcher runs with
 * {@code -XX:+ExitOnOutOfMemoryError}, so the process exits and its service manager takes over).
 * A body that returns ends its loop (and it leaves the report).
 */
public final class Supervisor implements AutoCloseable {
    /** The environment variable (tests only) naming loops whose every run fails at once. */
    public static final String FAIL_LOOP_ENV = "DOCKYARD_TEST_FAIL_LOOP";

    /** A loop body; it runs until it returns, throws, or is interrupted by {@link Loop#stop()}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Where the supervisor reports failures (the server sends them to its log). */
    public interface Events {
        /** {@code loop} failed for the {@code failures}-th time; it runs again in {@code restartIn}. */
        void failed(String loop, Throwable error, int failures, Duration restartIn);

        /** {@code loop} hit an error that ends the process (OutOfMemoryError). */
        void fatal(String loop, Throwable error);

        /** Reports to {@link System.Logger} (JDK platform logging). */
        Events PLATFORM = new Events() {
            private final System.Logger log = System.getLogger(Supervisor.class.getName());

            @Override
            public void failed(String loop, Throwable error, int failures, Duration restartIn) {
                log.log(System.Logger.Level.WARNING, "loop failed loop={0} failures={1} restartInMs={2} error=\"{3}\"",
                        loop, failures, restartIn.toMillis(), error);
            }

            @Override
            public void fatal(String loop, Throwable error) {
                log.log(System.Logger.Level.ERROR, "loop hit a fatal error loop={0} error=\"{1}\"", loop, error);
            }
        };
    }

    /**
     * What a loop is doing: {@code RESTARTING} (it failed and has not yet run clean since) and {@code FAILED} are degraded;
     * {@code STANDBY}: a leader's loop on a replica that does not lead.
     */
    public enum State {
        RUNNING, RESTARTING, STOPPED, FAILED, STANDBY;

        public String wire() { return name().toLowerCase(); }
    }

    /** One loop as health reports it. */
    public record LoopState(String name, State state, int failures, String lastError, Instant lastFailure) {
        public boolean degraded() { return state == State.RESTARTING || state == State.FAILED; }
    }

    /** Back-off after a failure: {@code min} doubling up to {@code max}; a loop that ran {@code stableAfter} clean counts as recovered. */
    public record Backoff(Duration min, Duration max, Duration stableAfter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10));

        Duration after(int consecutive) {
            long ms = min.toMillis() << Math.min(consecutive - 1, 20);
            return Duration.ofMillis(Math.min(ms, max.toMillis()));
        }
    }

    private final Events events;
    private final Backoff backoff;
    private final Set<String> failing;
    private final Map<String, Loop> loops;
    private final Leadership leadership;
    private final Supervisor root;
    private volatile boolean closed;

    public Supervisor(Events events, Backoff backoff, Set<String> failing) {
        this.events = events;
        this.backoff = backoff;
        this.failing = Set.copyOf(failing);
        this.loops = new ConcurrentHashMap<>();
        this.leadership = null;
        this.root = this;
    }

    private Supervisor(Supervisor root, Leadership leadership) {
        this.events = root.events;
        this.backoff = root.backoff;
        this.failing = root.failing;
        this.loops = root.loops;
        this.leadership = leadership;
        this.root = root;
    }

    /**
     * The same supervisor for the leader's duties: a loop it starts runs only while this process leads,
     * under the leader's term (a fence: the store refuses the loop's writes once the term is over). A
     * {@link #start continuous} loop starts when leadership is gained and is interrupted when it is lost;
     * an {@link #every periodic} round runs only while leading. Loops report as {@code standby} meanwhile.
     */
    public Supervisor leading(Leadership leadership) {
        return new Supervisor(root, leadership);
    }

    /** Default back-off, platform logging, no injected failures (unit tests, embedded uses). */
    public Supervisor() { this(Events.PLATFORM, Backoff.DEFAULT, Set.of()); }

    /** With loops named in {@value #FAIL_LOOP_ENV} (comma-separated) failing on every run: a test hook. */
    public static Supervisor fromEnvironment(Events events, Map<String, String> env) {
        String v = env.getOrDefault(FAIL_LOOP_ENV, "");
        Set<String> names = v.isBlank() ? Set.of() : Set.of(v.trim().split("\\s*,\\s*"));
        return new Supervisor(events, Backoff.DEFAULT, names);
    }

    /** Starts {@code body} as loop {@code name} (a later loop of the same name replaces it in the report). */
    public Loop start(String name, Body body) {
        if (leadership == null) return launch(new Loop(name, body, null));
        Loop self = new Loop(name, null, null);
        self.standby = true; // until its thread sees this process lead (reported before the thread first runs)
        self.body = () -> whileLeading(self, body);
        return launch(self);
    }

    /**
     * Starts {@code body} as loop {@code name} that serves requests itself (a DNS server's socket): it runs on a virtual
     * thread, at the requests' priority, never as {@link Background} work.
     */
    public Loop serve(String name, Body body) {
        if (leadership != null) throw new IllegalStateException("a serving loop runs on every replica, not only the leader");
        Loop l = new Loop(name, body, null);
        l.serving = true;
        return launch(l);
    }

    /** Runs {@code round} every {@code period} (the first after one period); a round that throws is retried with back-off. */
    public Loop every(String name, Duration period, Body round) {
        if (leadership == null) return launch(new Loop(name, round, period));
        Loop self = new Loop(name, null, period);
        self.standby = leadership.term() == 0;
        self.body = () -> {
            long term = leadership.term();
            self.standby = term == 0;
            if (term == 0) return;
            try {
                Leadership.under(term, () -> { round.run(); return null; });
            } catch (Leadership.FencedException e) {
                self.standby = true; // leadership ended during the round; its writes were refused
            }
        };
        return launch(self);
    }

    /** Runs {@code body} on a thread of its own each time this process leads, interrupting it when leadership ends. */
    private void whileLeading(Loop loop, Body body) throws Exception {
        while (true) {
            loop.standby = true;
            long term = leadership.awaitLeading(Duration.ofSeconds(1));
            if (term == 0) continue;
            loop.standby = false;
            Throwable[] failure = new Throwable[1];
            Thread worker = Background.thread(loop.name + "-term-" + term).start(() -> {
                try {
                    Leadership.under(term, () -> { body.run(); return null; });
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            try {
                while (!worker.join(Duration.ofMillis(50))) {
                    if (leadership.term() != term) {
                        worker.interrupt();
                        worker.join();
                        break;
                    }
                }
            } catch (InterruptedException e) {
                worker.interrupt();
                throw e;
            }
            if (leadership.term() == term) {
                // The body ended while still leading: a return ends the loop, a failure is the supervisor's to handle.
                if (failure[0] instanceof Exception e) throw e;
                if (failure[0] instanceof Error e) throw e;
                return;
            }
            // Leadership ended: whatever the interrupted body threw on its way out is expected; wait for the next term.
        }
    }

    private Loop launch(Loop l) {
        if (root.closed) {
            l.state = State.STOPPED;
            return l;
        }
        loops.put(l.name, l);
        l.thread = (l.serving ? Thread.ofVirtual().name(l.name) : Background.thread(l.name)).unstarted(l::run);
        l.thread.start();
        return l;
    }

    /** Every loop's state, by name. */
    public List<LoopState> states() {
        List<LoopState> out = new ArrayList<>();
        for (Loop l : loops.values()) out.add(l.state());
        out.sort(Comparator.comparing(LoopState::name));
        return out;
    }

    /** The loops that are restarting or failed. */
    public List<LoopState> degraded() { return states().stream().filter(LoopState::degraded).toList(); }

    /** Stops every loop (interrupting it) and waits up to {@code wait} for them to end. */
    public void close(Duration wait) {
        closed = true;
        List<Loop> all = List.copyOf(loops.values());
        all.forEach(Loop::stop);
        long deadline = System.nanoTime() + wait.toNanos();
        for (Loop l : all) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || l.thread == null) continue;
            try {
                l.thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() { close(Duration.ofMillis(500)); }

    /** One supervised loop. */
    public final class Loop {
        private final String name;
        private Body body;
        private final Duration period;
        private volatile Thread thread;
        private volatile boolean stopped;
        private volatile State state = State.RUNNING;
        private volatile int failures;
        private volatile int consecutive;
        private volatile long restartedAt;
        private volatile String lastError;
        private volatile Instant lastFailure;
        private volatile boolean standby;
        private boolean serving;

        private Loop(String name, Body body, Duration period) {
            this.name = name;
            this.body = body;
            this.period = period;
        }

        public String name() { return name; }

        /** Ends the loop: interrupts it and stops restarting it (does not wait). */
        public void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null) t.interrupt();
        }

        /** Waits for the loop's thread to end. */
        public boolean join(Duration wait) throws InterruptedException {
            Thread t = thread;
            return t == null || t.join(wait);
        }

        /** Marks a clean round: the loop counts as recovered (periodic loops call it after each round). */
        public void ok() { consecutive = 0; }

        public LoopState state() {
            State s = state;
            if (s == State.RUNNING && standby) s = State.STANDBY;
            if (s == State.RUNNING && consecutive > 0) {
                if (System.nanoTime() - restartedAt >= backoff.stableAfter().toNanos()) consecutive = 0;
                else s = State.RESTARTING;
            }
            return new LoopState(name, s, failures, lastError, lastFailure);
        }

        private void run() {
            try {
                while (!stopped) {
                    restartedAt = System.nanoTime();
                    state = State.RUNNING;
                    try {
                        if (failing.contains(name)) throw new IllegalStateException("failure injected by " + FAIL_LOOP_ENV);
                        if (period == null) {
                            body.run();
                            return;
                        }
                        while (true) {
                            Thread.sleep(Math.max(1, period.toMillis()));
                            body.run();
                            ok();
                        }
                    } catch (OutOfMemoryError e) {
                        state = State.FAILED;
                        note(e);
                        events.fatal(name, e);
                        throw e;
                    } catch (Throwable e) {
                        if (stopped) return;
                        if (e instanceof InterruptedException) Thread.interrupted();
                        if (System.nanoTime() - restartedAt >= backoff.stableAfter().toNanos()) consecutive = 0;
                        consecutive++;
                        note(e);
                        Duration wait = backoff.after(consecutive);
                        state = State.RESTARTING;
                        events.failed(name, e, failures, wait);
                        try {
                            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                        } catch (InterruptedException ie) {
                            if (stopped) return;
                        }
                    }
                }
            } finally {
                if (state != State.FAILED) {
                    state = State.STOPPED;
                    loops.remove(name, this);
                }
            }
        }

        private void note(Throwable e) {
            failures++;
            lastError = e.toString();
            lastFailure = Instant.now();
        }
    }
}
