package io.dockyard.core.model;

/** A container port bound on the host. */
public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {}
