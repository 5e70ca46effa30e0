package io.dockyard.autoscaling.model;

/** What names a scalable target: service namespace, resource id and scalable dimension. */
public record TargetKey(String namespace, String resourceId, String dimension) {
    /** The ECS cluster of a {@code service/<cluster>/<service>} resource id. */
    public String cluster() { return resourceId.split("/", 3)[1]; }

    /** The ECS service of a {@code service/<cluster>/<service>} resource id. */
    public String service() { return resourceId.split("/", 3)[2]; }

    @Override
    public String toString() { return namespace + "|" + resourceId + "|" + dimension; }
}
