package io.dockyard.codedeploy.api;

import io.dockyard.codedeploy.CdKinds;
import io.dockyard.codedeploy.model.DeploymentConfig;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** GetDeploymentConfig, ListDeploymentConfigs, CreateDeploymentConfig (ECS traffic routing) and DeleteDeploymentConfig. */
final class DeploymentConfigOperations {
    private final Store store;
    private final Clock clock;

    DeploymentConfigOperations(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("GetDeploymentConfig", this::get), NamedOperation.of("ListDeploymentConfigs", this::list),
                NamedOperation.of("CreateDeploymentConfig", this::create), NamedOperation.of("DeleteDeploymentConfig", this::delete));
    }

    /** A predefined or stored configuration; DeploymentConfigDoesNotExistException otherwise. */
    static DeploymentConfig find(Store store, String name) {
        if (name == null || name.isEmpty()) throw CdErrors.configNameRequired();
        return CdKinds.config(store, name).orElseThrow(() -> CdErrors.configDoesNotExist(name));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("deploymentConfigInfo", Shapes.config(find(store, new JsonInput(input).str("deploymentConfigName"))));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        List<String> names = new ArrayList<>(DeploymentConfig.PREDEFINED.stream().map(DeploymentConfig::name).toList());
        store.list(CdKinds.CONFIG, c -> true).forEach(c -> names.add(c.name()));
        return Out.obj().with("deploymentConfigsList", names);
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.str("deploymentConfigName");
        if (name == null || name.isEmpty()) throw CdErrors.configNameRequired();
        if (!"ECS".equals(in.str("computePlatform"))) {
            throw CdErrors.invalidComputePlatform("Dockyard creates deployment configurations for the ECS compute platform only.");
        }
        JsonInput routing = in.struct("trafficRoutingConfig");
        String type = routing == null || routing.str("type") == null ? "AllAtOnce" : routing.str("type");
        int percentage = 0;
        int interval = 0;
        switch (type) {
            case "AllAtOnce" -> { }
            case "TimeBasedCanary" -> {
                JsonInput c = routing.struct("timeBasedCanary");
                percentage = c == null || c.integer("canaryPercentage") == null ? -1 : c.integer("canaryPercentage");
                interval = c == null || c.integer("canaryInterval") == null ? -1 : c.integer("canaryInterval");
            }
            case "TimeBasedLinear" -> {
                JsonInput l = routing.struct("timeBasedLinear");
                percentage = l == null || l.integer("linearPercentage") == null ? -1 : l.integer("linearPercentage");
                interval = l == null || l.integer("linearInterval") == null ? -1 : l.integer("linearInterval");
            }
            default -> throw CdErrors.invalidTrafficRouting("The traffic routing type must be AllAtOnce, TimeBasedCanary or TimeBasedLinear.");
        }
        if (!"AllAtOnce".equals(type) && (percentage < 1 || percentage > 99 || interval < 1)) {
            throw CdErrors.invalidTrafficRouting("The percentage must be between 1 and 99 and the interval at least 1 minute.");
        }
        DeploymentConfig c = new DeploymentConfig(name, UUID.randomUUID().toString(), type, percentage, interval, clock.instant());
        store.atomically(() -> {
            if (DeploymentConfig.PREDEFINED.stream().anyMatch(p -> p.name().equals(name)) || store.get(CdKinds.CONFIG, name).isPresent()) {
                throw CdErrors.configAlreadyExists(name);
            }
            store.put(CdKinds.CONFIG, c);
            return null;
        });
        return Out.obj().with("deploymentConfigId", c.id());
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = new JsonInput(input).str("deploymentConfigName");
        store.atomically(() -> {
            DeploymentConfig c = find(store, name);
            if (c.isPredefined()) throw CdErrors.invalidOperation("A predefined deployment configuration cannot be deleted.");
            if (!store.list(CdKinds.GROUP, g -> g.deploymentConfigName().equals(name)).isEmpty()) throw CdErrors.configInUse(name);
            store.delete(CdKinds.CONFIG, name);
            return null;
        });
        return Out.obj();
    }
}
