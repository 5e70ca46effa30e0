package io.dockyard.server;

import io.dockyard.controller.service.TaskEndpoints;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.InstanceRegistry;
import io.dockyard.loadbalancer.ListenerRules;
import io.dockyard.loadbalancer.TargetHealth;
import io.dockyard.loadbalancer.TargetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECS service tasks in load balancer target groups and Cloud Map: a bridge/host task is an
 * {@code instance} target (its container instance id and host port), an awsvpc task an {@code ip}
 * target (its own address and the container port). Registration follows the task: registered once
 * RUNNING, drained when it is to stop.
 */
final class ServiceEndpoints implements TaskEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ServiceEndpoints.class);

    private final Store store;
    private final TargetRegistry targets;
    private final ListenerRules rules;
    private final InstanceRegistry cloudMap;
    private final Set<String> drained = ConcurrentHashMap.newKeySet();

    ServiceEndpoints(Store store, TargetRegistry targets, ListenerRules rules, InstanceRegistry cloudMap) {
        this.store = store;
        this.targets = targets;
        this.rules = rules;
        this.cloudMap = cloudMap;
    }

    /** Where a task answers on a container port: address id (instance id or IP), port, and whether it is an ip target. */
    private record Endpoint(String id, int port, String ip) {}

    @Override
    public Map<String, String> sync(Service service, List<Task> tasks, Placement placement) {
        Map<String, String> health = new HashMap<>();
        for (Map<String, Object> lb : service.loadBalancers()) {
            for (String tg : groups(lb)) syncGroup(service, tasks, lb, tg, placement, health);
        }
        for (Map<String, Object> reg : service.serviceRegistries()) syncRegistry(service, tasks, reg);
        tasks.stream().filter(Task::isStopped).forEach(t -> drained.remove(t.taskArn()));
        return health;
    }

    /** The entry's target group and, for blue/green, its alternate one. */
    private static List<String> groups(Map<String, Object> lb) {
        String tg = Doc.str(lb, "targetGroupArn");
        String alt = Doc.str(Doc.map(lb, "advancedConfiguration"), "alternateTargetGroupArn");
        if (tg == null) return List.of();
        return alt == null || alt.equals(tg) ? List.of(tg) : List.of(tg, alt);
    }

    @Override
    public void weigh(String ruleArn, Map<String, Integer> weights) {
        try {
            rules.weigh(ruleArn, weights);
        } catch (AwsException ex) {
            log.warn("cannot shift traffic of rule {} to {}: {}", ruleArn, weights, ex.getMessage());
        }
    }

    private void syncGroup(Service service, List<Task> tasks, Map<String, Object> lb, String tg, Placement placement, Map<String, String> health) {
        String container = Doc.str(lb, "containerName");
        Integer containerPort = Doc.integer(lb, "containerPort");
        try {
            Map<String, TargetHealth> current = new HashMap<>();
            for (TargetHealth h : targets.health(tg)) current.put(h.id() + ":" + h.port(), h);
            for (Task t : tasks) {
                Endpoint e = endpoint(t, container, containerPort == null ? 0 : containerPort);
                if (e == null) continue;
                String key = e.id() + ":" + e.port();
                TargetHealth h = current.get(key);
                boolean wanted = "RUNNING".equals(t.lastStatus()) && "RUNNING".equals(t.desiredStatus()) && !drained.contains(t.taskArn())
                        && tg.equals(placement.targetGroup(t, lb));
                if (wanted && h == null) {
                    targets.register(tg, e.id(), e.port());
                    health.put(t.taskArn(), "initial");
                } else if (!wanted && h != null && !"draining".equals(h.state())) {
                    targets.deregister(tg, e.id(), e.port());
                    health.put(t.taskArn(), "draining");
                } else if (h != null) {
                    health.merge(t.taskArn(), h.state(), ServiceEndpoints::worse);
                }
            }
        } catch (AwsException ex) {
            log.warn("service {}: target group {}: {}", service.name(), tg, ex.getMessage());
        }
    }

    @Override
    public void drain(Service service, Task task) {
        drained.add(task.taskArn());
        sync(service, List.of(task), Placement.PRIMARY);
    }

    /** The less healthy of two states, when a task sits in several target groups. */
    private static String worse(String a, String b) {
        List<String> order = List.of("unhealthy", "draining", "initial", "unused", "healthy");
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }

    private Endpoint endpoint(Task t, String containerName, int containerPort) {
        String ip = privateIp(t);
        if (ip != null) return new Endpoint(ip, containerPort, ip);
        Container c = t.containers().stream().filter(x -> x.name().equals(containerName)).findFirst().orElse(null);
        if (c == null || t.containerInstanceArn() == null) return null;
        int hostPort = c.networkBindings().stream().filter(b -> b.containerPort() == containerPort).mapToInt(NetworkBinding::hostPort).findFirst().orElse(0);
        if (hostPort == 0) return null;
        String instanceId = store.get(Kinds.CONTAINER_INSTANCE, t.containerInstanceArn()).map(i -> i.ec2InstanceId()).orElse(null);
        return instanceId == null ? null : new Endpoint(instanceId, hostPort, null);
    }

    private static String privateIp(Task t) {
        for (Map<String, Object> a : t.attachments()) {
            for (Map<String, Object> d : Doc.maps(a, "details")) {
                if ("privateIPv4Address".equals(d.get("name")) && d.get("value") instanceof String v) return v;
            }
        }
        return null;
    }

    /** The address of the task's host: what its container instance advertises (127.0.0.1 for the control plane's own host). */
    private String hostAddress(Task t) {
        if (t.containerInstanceArn() == null) return ContainerInstance.LOCAL_ADDRESS;
        return store.get(Kinds.CONTAINER_INSTANCE, t.containerInstanceArn()).map(ContainerInstance::address).orElse(ContainerInstance.LOCAL_ADDRESS);
    }

    /** Cloud Map: one instance per RUNNING task (id = task id) with AWS_INSTANCE_IPV4 and AWS_INSTANCE_PORT. */
    private void syncRegistry(Service service, List<Task> tasks, Map<String, Object> reg) {
        String registryArn = Doc.str(reg, "registryArn");
        if (registryArn == null) return;
        try {
            Set<String> present = new HashSet<>(cloudMap.instanceIds(registryArn));
            String container = Doc.str(reg, "containerName");
            Integer port = Doc.integer(reg, "containerPort") != null ? Doc.integer(reg, "containerPort") : Doc.integer(reg, "port");
            for (Task t : tasks) {
                boolean wanted = "RUNNING".equals(t.lastStatus()) && "RUNNING".equals(t.desiredStatus()) && !drained.contains(t.taskArn());
                if (wanted && !present.contains(t.id())) {
                    Endpoint e = container == null ? null : endpoint(t, container, port == null ? 0 : port);
                    String ip = e == null ? privateIp(t) : (e.ip() != null ? e.ip() : hostAddress(t));
                    if (ip == null) ip = hostAddress(t);
                    Map<String, String> attrs = new HashMap<>(Map.of("AWS_INSTANCE_IPV4", ip));
                    if (e != null) attrs.put("AWS_INSTANCE_PORT", Integer.toString(e.port()));
                    cloudMap.register(registryArn, t.id(), attrs);
                } else if (!wanted && present.contains(t.id())) {
                    cloudMap.deregister(registryArn, t.id());
                }
            }
        } catch (AwsException ex) {
            log.warn("service {}: registry {}: {}", service.name(), registryArn, ex.getMessage());
        }
    }
}
