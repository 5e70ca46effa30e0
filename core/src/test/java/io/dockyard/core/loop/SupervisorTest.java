package io.dockyard.core.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class SupervisorTest {
    /** What the supervisor reported, in order. */
    record Failure(String loop, String error, int failures, long restartInMs) {}

    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<String> fatal = new CopyOnWriteArrayList<>();
    private final Supervisor.Events events = new Supervisor.Events() {
        @Override public void failed(String loop, Throwable error, int n, Duration restartIn) {
            failures.add(new Failure(loop, error.toString(), n, restartIn.toMillis()));
        }
        @Override public void fatal(String loop, Throwable error) { fatal.add(loop + ": " + error); }
    };
    private final Supervisor supervisor = new Supervisor(events,
            new Supervisor.Backoff(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(1500)), Set.of());

    @AfterEach
    void close() { supervisor.close(); }

    @Test
    void aLoopThatThrowsIsRestartedWithGrowingBackoffAndReportedUntilItRunsClean() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch cleanRun = new CountDownLatch(1);
        supervisor.start("flaky", () -> {
            if (runs.incrementAndGet() <= 4) throw new IllegalStateException("boom " + runs.get());
            cleanRun.countDown();
            Thread.sleep(60_000);
        });
        assertThat(cleanRun.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).extracting(Failure::loop).containsOnly("flaky");
        assertThat(failures).extracting(Failure::error).containsExactly(
                "java.lang.IllegalStateException: boom 1", "java.lang.IllegalStateException: boom 2",
                "java.lang.IllegalStateException: boom 3", "java.lang.IllegalStateException: boom 4");
        assertThat(failures).extracting(Failure::restartInMs).containsExactly(20L, 40L, 80L, 80L);
        assertThat(failures).extracting(Failure::failures).containsExactly(1, 2, 3, 4);

        Supervisor.LoopState recovering = supervisor.states().getFirst();
        assertThat(recovering.name()).isEqualTo("flaky");
        assertThat(recovering.state()).isEqualTo(Supervisor.State.RESTARTING);
        assertThat(recovering.degraded()).isTrue();
        assertThat(recovering.failures()).isEqualTo(4);
        assertThat(recovering.lastError()).isEqualTo("java.lang.IllegalStateException: boom 4");
        assertThat(supervisor.degraded()).extracting(Supervisor.LoopState::name).containsExactly("flaky");

        await(() -> supervisor.states().getFirst().state() == Supervisor.State.RUNNING);
        assertThat(supervisor.degraded()).isEmpty();
        assertThat(supervisor.states().getFirst().failures()).isEqualTo(4);
    }

    @Test
    void anErrorOtherThanOutOfMemoryIsCaughtToo() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch again = new CountDownLatch(1);
        supervisor.start("deep", () -> {
            if (runs.incrementAndGet() == 1) throw new StackOverflowError("too deep");
            if (runs.get() == 2) throw new AssertionError("an Error subclass");
            again.countDown();
            Thread.sleep(60_000);
        });
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).extracting(Failure::error)
                .containsExactly("java.lang.StackOverflowError: too deep", "java.lang.AssertionError: an Error subclass");
        assertThat(fatal).isEmpty();
    }

    @Test
    void outOfMemoryErrorIsNotSwallowed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Supervisor.Loop loop = supervisor.start("greedy", () -> {
            runs.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        });
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
        assertThat(runs.get()).isEqualTo(1);
        assertThat(fatal).containsExactly("greedy: java.lang.OutOfMemoryError: Java heap space");
        assertThat(failures).isEmpty();
        assertThat(supervisor.degraded()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("greedy");
            assertThat(s.state()).isEqualTo(Supervisor.State.FAILED);
        });
    }

    @Test
    void aPeriodicLoopRecoversAfterACleanRound() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        supervisor.every("tick", Duration.ofMillis(10), () -> {
            if (rounds.incrementAndGet() == 2) throw new IllegalArgumentException("bad round");
        });
        await(() -> rounds.get() >= 2 && !failures.isEmpty());
        await(() -> rounds.get() >= 4);
        assertThat(failures).extracting(Failure::error).containsExactly("java.lang.IllegalArgumentException: bad round");
        assertThat(supervisor.states().getFirst().state()).isEqualTo(Supervisor.State.RUNNING);
    }

    @Test
    void stoppedAndFinishedLoopsLeaveTheReportAndCloseInterruptsEveryLoop() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(2);
        Body sleeper = () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        Supervisor.Loop a = supervisor.start("a", sleeper::run);
        supervisor.start("b", sleeper::run);
        supervisor.start("done", () -> { });
        await(() -> supervisor.states().size() == 2);
        a.stop();
        await(() -> supervisor.states().stream().map(Supervisor.LoopState::name).toList().equals(List.of("b")));
        supervisor.close(Duration.ofSeconds(2));
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(supervisor.states()).isEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void aServingLoopRunsOnAVirtualThreadAndBackgroundLoopsFollowThePriorityPolicy() throws Exception {
        java.util.concurrent.CompletableFuture<Thread> served = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Thread> background = new java.util.concurrent.CompletableFuture<>();
        supervisor.serve("dns-udp-0", () -> served.complete(Thread.currentThread()));
        supervisor.start("housekeeping", () -> background.complete(Thread.currentThread()));
        Thread s = served.get(5, TimeUnit.SECONDS), b = background.get(5, TimeUnit.SECONDS);
        assertThat(s.isVirtual()).as("a loop that serves requests runs at the requests' priority").isTrue();
        assertThat(s.getName()).isEqualTo("dns-udp-0");
        // This JVM runs without -XX:ThreadPriorityPolicy=1: background work stays on virtual threads.
        assertThat(Background.lowPriority()).isFalse();
        assertThat(b.isVirtual()).isTrue();
        assertThat(b.getName()).isEqualTo("housekeeping");
        io.dockyard.core.port.Leadership leader = new io.dockyard.core.port.Leadership() {
            public long term() { return 1; }
            public String node() { return "cp1"; }
            public long awaitLeading(Duration timeout) { return 1; }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> supervisor.leading(leader).serve("dns-tcp", () -> {}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTestHookMakesTheNamedLoopFailEveryRun() throws Exception {
        try (Supervisor hooked = Supervisor.fromEnvironment(events, Map.of(Supervisor.FAIL_LOOP_ENV, "lb-reconcile, dns-refresh"))) {
            AtomicInteger ran = new AtomicInteger();
            hooked.start("dns-refresh", ran::incrementAndGet);
            hooked.start("other", ran::incrementAndGet);
            await(() -> failures.size() >= 2);
            assertThat(ran.get()).isEqualTo(1);
            assertThat(failures).extracting(Failure::loop).containsOnly("dns-refresh");
            assertThat(failures.getFirst().error()).contains(Supervisor.FAIL_LOOP_ENV);
            assertThat(hooked.degraded()).extracting(Supervisor.LoopState::name).containsExactly("dns-refresh");
        }
    }

    interface Body { void run() throws Exception; }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
            Thread.sleep(5);
        }
    }
}
