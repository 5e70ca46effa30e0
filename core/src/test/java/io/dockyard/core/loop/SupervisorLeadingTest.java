package io.dockyard.core.loop;

import io.dockyard.core.port.Leadership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's loops: they run only while leading, under the term as fence, and stop when leadership ends. */
class SupervisorLeadingTest {

    /** A leadership switched by the test. */
    static final class Switch implements Leadership {
        private final AtomicLong term = new AtomicLong();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();

        void set(long t) {
            lock.lock();
            try {
                term.set(t);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override public long term() { return term.get(); }
        @Override public String node() { return "test"; }
        @Override public long awaitLeading(Duration timeout) throws InterruptedException {
            lock.lock();
            try {
                long end = System.nanoTime() + timeout.toNanos();
                while (term.get() == 0 && end - System.nanoTime() > 0) changed.awaitNanos(end - System.nanoTime());
                return term.get();
            } finally {
                lock.unlock();
            }
        }
    }

    private final Supervisor supervisor = new Supervisor(Supervisor.Events.PLATFORM,
            new Supervisor.Backoff(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(1500)), Set.of());
    private final Switch leadership = new Switch();

    @AfterEach
    void close() { supervisor.close(); }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within 5 s");
            Thread.sleep(5);
        }
    }

    private Supervisor.State state(String name) {
        return supervisor.states().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().state();
    }

    @Test
    void aContinuousLoopRunsUnderEachTermAndIsInterruptedWhenLeadershipEnds() throws Exception {
        List<Long> terms = new CopyOnWriteArrayList<>();
        AtomicInteger interrupted = new AtomicInteger();
        supervisor.leading(leadership).start("controller", () -> {
            terms.add(Leadership.fence());
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        });
        Thread.sleep(100);
        assertThat(terms).as("a standby replica does not run it").isEmpty();
        assertThat(state("controller")).isEqualTo(Supervisor.State.STANDBY);

        leadership.set(3);
        await(() -> terms.size() == 1);
        assertThat(terms).containsExactly(3L);
        assertThat(state("controller")).isEqualTo(Supervisor.State.RUNNING);

        leadership.set(0);
        await(() -> interrupted.get() == 1);
        await(() -> state("controller") == Supervisor.State.STANDBY);

        leadership.set(5);
        await(() -> terms.size() == 2);
        assertThat(terms).containsExactly(3L, 5L);
        assertThat(supervisor.degraded()).as("losing leadership is not a failure").isEmpty();
    }

    @Test
    void aPeriodicRoundRunsOnlyWhileLeadingAndUnderTheTerm() throws Exception {
        List<Long> rounds = new CopyOnWriteArrayList<>();
        supervisor.leading(leadership).every("housekeeping", Duration.ofMillis(10), () -> rounds.add(Leadership.fence()));
        supervisor.every("plain", Duration.ofMillis(10), () -> { });
        Thread.sleep(100);
        assertThat(rounds).isEmpty();
        assertThat(state("housekeeping")).isEqualTo(Supervisor.State.STANDBY);
        assertThat(state("plain")).as("loops not gated run everywhere").isEqualTo(Supervisor.State.RUNNING);

        leadership.set(9);
        await(() -> rounds.size() >= 3);
        assertThat(rounds).containsOnly(9L);
        leadership.set(0);
        Thread.sleep(50);
        int after = rounds.size();
        Thread.sleep(100);
        assertThat(rounds).hasSize(after);
    }

    @Test
    void aRoundWhoseWritesAreFencedIsNotAFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        leadership.set(2);
        supervisor.leading(leadership).every("gc", Duration.ofMillis(10), () -> {
            runs.incrementAndGet();
            throw new Leadership.FencedException("term 2 is over");
        });
        await(() -> runs.get() >= 3);
        assertThat(supervisor.degraded()).isEmpty();
    }

    @Test
    void aLoopThatFailsWhileLeadingIsRestartedAndReported() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        leadership.set(1);
        supervisor.leading(leadership).start("svc", () -> {
            if (runs.incrementAndGet() < 3) throw new IllegalStateException("boom");
            Thread.sleep(Long.MAX_VALUE);
        });
        await(() -> runs.get() >= 3);
        assertThat(supervisor.states().getFirst().failures()).isEqualTo(2);
    }

    @Test
    void aloneAlwaysLeadsUnderTermOne() throws Exception {
        Leadership alone = Leadership.alone("n");
        assertThat(alone.term()).isEqualTo(1);
        assertThat(alone.awaitLeading(Duration.ZERO)).isEqualTo(1);
        assertThat(alone.leader()).isEqualTo("n");
        assertThat(Leadership.fence()).isZero();
        assertThat(Leadership.under(4, Leadership::fence)).isEqualTo(4);
        assertThat(Leadership.fence()).isZero();
    }
}
