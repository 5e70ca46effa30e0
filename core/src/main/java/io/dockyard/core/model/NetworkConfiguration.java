package io.dockyard.core.model;

/** A service's or task's network configuration (ECS NetworkConfiguration): the awsvpc one, or none. */
public record NetworkConfiguration(AwsVpcConfiguration awsvpcConfiguration) {}
