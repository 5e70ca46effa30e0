package io.dockyard.loadbalancer;

import io.dockyard.loadbalancer.model.Listener;

import java.util.List;

/** What the API needs from the data plane: bind a listener's port now (or fail), and the live target health. */
public interface DataPlanePort {

    /** Binds the listener's host port (rebinds it when the port changed); throws InvalidConfigurationRequest if it cannot. */
    void open(Listener listener);

    /** Closes the listener's port. */
    void close(String listenerArn);

    /** The health of the group's targets as the health checker sees them, including draining ones. */
    List<TargetHealth> health(String targetGroupArn);

    /** Tells the data plane the state changed (registrations, rules, settings). */
    void changed();

    /** For tests: a data plane that binds nothing and knows no health. */
    DataPlanePort NONE = new DataPlanePort() {
        @Override public void open(Listener listener) {}
        @Override public void close(String listenerArn) {}
        @Override public List<TargetHealth> health(String targetGroupArn) { return List.of(); }
        @Override public void changed() {}
    };
}
