package io.dockyard.discovery.model;

import io.dockyard.core.port.Kind;

/** The stored record kinds of the discovery module. */
public final class DiscoveryKinds {
    private DiscoveryKinds() {}

    public static final Kind<Namespace> NAMESPACE = Kind.of("sd.namespace", Namespace.class, Namespace::id);
    public static final Kind<DiscoveryService> SERVICE = Kind.of("sd.service", DiscoveryService.class, DiscoveryService::id);
    public static final Kind<Instance> INSTANCE = Kind.of("sd.instance", Instance.class, Instance::key);
    public static final Kind<ServiceAttributes> SERVICE_ATTRIBUTES = Kind.of("sd.service-attributes", ServiceAttributes.class, ServiceAttributes::serviceId);
    public static final Kind<AsyncOperation> OPERATION = Kind.of("sd.operation", AsyncOperation.class, AsyncOperation::id);
}
