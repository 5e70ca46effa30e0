package io.dockyard.loadbalancer.dataplane;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.util.HashMap;
import java.util.Map;

/**
 * Where an {@code instance} target's traffic goes: the address its container instance advertises
 * ({@link ContainerInstance#address()}), so a target on another host is reached there; an instance that
 * advertises none (or is unknown) is on the control plane's host, 127.0.0.1. Read from the store once,
 * on first use, for one reconcile pass.
 */
final class InstanceAddresses {
    private final Store store;
    private Map<String, String> byInstanceId;

    InstanceAddresses(Store store) { this.store = store; }

    String of(String instanceId) {
        if (byInstanceId == null) {
            byInstanceId = new HashMap<>();
            for (ContainerInstance i : store.list(Kinds.CONTAINER_INSTANCE, i -> !"INACTIVE".equals(i.status()))) {
                byInstanceId.merge(i.ec2InstanceId(), i.address(), (a, b) -> ContainerInstance.LOCAL_ADDRESS.equals(a) ? b : a);
            }
        }
        return byInstanceId.getOrDefault(instanceId, ContainerInstance.LOCAL_ADDRESS);
    }
}
