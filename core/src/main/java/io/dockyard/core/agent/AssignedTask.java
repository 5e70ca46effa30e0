package io.dockyard.core.agent;

import io.dockyard.core.model.Task;

import java.util.Map;

/** A task the agent must run or stop, with its task definition document (as registered). */
public record AssignedTask(Task task, Map<String, Object> taskDefinition) {}
