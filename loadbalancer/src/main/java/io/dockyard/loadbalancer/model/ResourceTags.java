package io.dockyard.loadbalancer.model;

import io.dockyard.core.model.Tag;

import java.util.List;

/** The tags of one ELB resource (load balancer, target group, listener or rule), by ARN. */
public record ResourceTags(String arn, List<Tag> tags) {}
