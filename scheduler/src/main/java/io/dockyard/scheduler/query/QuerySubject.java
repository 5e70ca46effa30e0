package io.dockyard.scheduler.query;

import java.time.Instant;
import java.util.Collection;

/** What an expression can read about one container instance. */
public interface QuerySubject {

    /** The value of an attribute (null when absent or set without a value). */
    String attribute(String name);

    /** Whether the instance has the attribute, with or without a value. */
    boolean hasAttribute(String name);

    /** The EC2 instance id the instance registered with (may be null). */
    String ec2InstanceId();

    /** Whether the instance's agent is connected. */
    boolean agentConnected();

    /** The agent version from the instance's versionInfo (may be null). */
    String agentVersion();

    /** When the instance registered (may be null). */
    Instant registeredAt();

    /** How many tasks are RUNNING on the instance. */
    long runningTasksCount();

    /** Whether a task of this group holds resources on the instance. */
    boolean hasTaskGroup(String group);

    /** The groups of the tasks that hold resources on the instance. */
    Collection<String> taskGroups();
}
