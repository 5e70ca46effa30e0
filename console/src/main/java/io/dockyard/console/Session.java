package io.dockyard.console;

import io.dockyard.protocol.Gate;

import java.time.Instant;

/**
 * One signed-in browser: who it acts as (the gate's caller, as if each action were that caller's signed API call), the
 * token every action must carry (a page of another site cannot read it), and when it ends.
 */
public record Session(String id, Gate.Caller caller, String token, String who, Instant expires) {
    public boolean expired(Instant now) { return now.isAfter(expires); }
}
