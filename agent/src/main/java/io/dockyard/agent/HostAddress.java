package io.dockyard.agent;

import io.dockyard.core.model.ContainerInstance;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The address this agent advertises (attribute {@link ContainerInstance#ADDRESS}): where the control
 * plane's load balancers and Cloud Map reach its tasks' host ports. {@code --address} when given; the
 * embedded agent of {@code dockyard up} is on the control plane's host, 127.0.0.1; an agent publishing task
 * ports on one address ({@code --task-bind-address}) advertises that one; otherwise the address
 * this host reaches the control plane from (the route's source address), else the first IPv4 address of
 * an interface that is up and neither loopback nor a Docker bridge, else 127.0.0.1.
 */
final class HostAddress {
    private HostAddress() {}

    static String advertised(AgentConfig config, ControlPlane controlPlane) {
        if (config.address() != null) return config.address();
        if (config.localMode()) return ContainerInstance.LOCAL_ADDRESS;
        if (ContainerInstance.isIpv4(config.taskBindAddress()) && !AgentConfig.ALL_INTERFACES.equals(config.taskBindAddress())) {
            return config.taskBindAddress();
        }
        String route = controlPlane.sourceAddress();
        if (route != null) return route;
        String iface = firstInterfaceAddress();
        return iface != null ? iface : ContainerInstance.LOCAL_ADDRESS;
    }

    private static String firstInterfaceAddress() {
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!n.isUp() || n.isLoopback() || n.getName().startsWith("docker") || n.getName().startsWith("br-") || n.getName().startsWith("veth")) continue;
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) return a.getHostAddress();
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }
}
