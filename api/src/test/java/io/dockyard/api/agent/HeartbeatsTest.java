package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatsTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();
    private final Store store = new CachedStore(new MemoryJournal());
    private final Ecs ecs = new Ecs(store, clock, "us-east-1a");
    private final Heartbeats heartbeats = new Heartbeats(ecs);

    private ContainerInstance instance(boolean connected) {
        return new ContainerInstance("arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1", "arn:aws:ecs:us-east-1:000000000000:cluster/c",
                "host", "ACTIVE", null, connected, List.of(Resource.integer("CPU", 1024)), List.of(), null, List.of(), null, clock.now, clock.now, null, 1);
    }

    @Test
    void silentAgentIsMarkedDisconnectedAndABeatReconnectsIt() {
        store.put(Kinds.CONTAINER_INSTANCE, instance(true));
        heartbeats.beat(Kinds.CONTAINER_INSTANCE, store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow());
        clock.now = clock.now.plus(Heartbeats.TIMEOUT.minusSeconds(1));
        assertThat(heartbeats.sweep()).isZero();
        assertThat(store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow().agentConnected()).isTrue();

        clock.now = clock.now.plus(Duration.ofSeconds(2));
        long before = store.changes().head();
        assertThat(heartbeats.sweep()).isEqualTo(1);
        ContainerInstance gone = store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow();
        assertThat(gone.agentConnected()).isFalse();
        assertThat(store.changes().head()).isGreaterThan(before);

        heartbeats.beat(Kinds.CONTAINER_INSTANCE, gone);
        assertThat(store.get(Kinds.CONTAINER_INSTANCE, gone.arn()).orElseThrow().agentConnected()).isTrue();
    }

    @Test
    void aBeatOfAConnectedInstanceWritesNothingWithinAQuarterOfTheTimeout() {
        store.put(Kinds.CONTAINER_INSTANCE, instance(true));
        long before = store.changes().head();
        ContainerInstance stored = store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow();
        clock.now = clock.now.plus(Heartbeats.TIMEOUT.dividedBy(4).minusSeconds(1));
        heartbeats.beat(Kinds.CONTAINER_INSTANCE, stored);
        assertThat(store.get(Kinds.CONTAINER_INSTANCE, stored.arn()).orElseThrow()).isSameAs(stored);
        assertThat(store.changes().head()).isEqualTo(before);
        assertThat(heartbeats.lastSeen(stored.arn())).isEqualTo(clock.now);
    }

    @Test
    void instancesNeverHeardFromSinceStartGetTheTimeoutFromStart() {
        store.put(Kinds.CONTAINER_INSTANCE, instance(true));
        clock.now = clock.now.plus(Heartbeats.TIMEOUT).plusSeconds(1);
        assertThat(heartbeats.sweep()).isEqualTo(1);
    }

    @Test
    void beatsReachTheStoreSoAnotherReplicaKeepsTheInstanceConnected() {
        store.put(Kinds.CONTAINER_INSTANCE, instance(true));
        Heartbeats otherReplica = new Heartbeats(ecs);
        for (int i = 0; i < 8; i++) {
            clock.now = clock.now.plus(Heartbeats.TIMEOUT.dividedBy(4)).plusSeconds(1);
            heartbeats.beat(Kinds.CONTAINER_INSTANCE, store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow());
            assertThat(heartbeats.flush()).as("the beat was due, and written in the flush").isEqualTo(1);
            assertThat(otherReplica.sweep()).as("the replica the agent does not poll sees its beats in the store").isZero();
        }
        assertThat(store.get(Kinds.CONTAINER_INSTANCE, instance(true).arn()).orElseThrow().lastHeartbeatAt()).isEqualTo(clock.now);
        clock.now = clock.now.plus(Heartbeats.TIMEOUT).plusSeconds(1);
        assertThat(otherReplica.sweep()).isEqualTo(1);
    }
}
