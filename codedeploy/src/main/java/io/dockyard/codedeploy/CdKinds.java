package io.dockyard.codedeploy;

import io.dockyard.codedeploy.model.Application;
import io.dockyard.codedeploy.model.Deployment;
import io.dockyard.codedeploy.model.DeploymentConfig;
import io.dockyard.codedeploy.model.DeploymentGroup;
import io.dockyard.core.port.Kind;

/** CodeDeploy's record kinds in the shared store. */
public final class CdKinds {
    private CdKinds() {}

    public static final Kind<Application> APPLICATION = Kind.of("codedeploy.application", Application.class, Application::name);
    public static final Kind<DeploymentGroup> GROUP = Kind.of("codedeploy.deployment-group", DeploymentGroup.class, DeploymentGroup::key);
    public static final Kind<Deployment> DEPLOYMENT = Kind.of("codedeploy.deployment", Deployment.class, Deployment::id);
    /** Custom deployment configurations (the predefined ones are not stored). */
    public static final Kind<DeploymentConfig> CONFIG = Kind.of("codedeploy.deployment-config", DeploymentConfig.class, DeploymentConfig::name);

    /** A deployment configuration by name: a predefined one or a stored one. */
    public static java.util.Optional<DeploymentConfig> config(io.dockyard.core.port.Store store, String name) {
        return DeploymentConfig.PREDEFINED.stream().filter(c -> c.name().equals(name)).findFirst().or(() -> store.get(CONFIG, name));
    }
}
