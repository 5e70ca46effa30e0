package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/**
 * UpdateContainerAgent. ECS updates its agent in place on ECS-optimized AMIs; a Dockyard agent is the
 * Dockyard binary and is updated with it (restart the host's agent with the new release), so there is
 * never an update to stage: an instance whose agent reported its version answers
 * NoUpdateAvailableException, one that did not MissingVersionException, as ECS does for those cases.
 */
public final class UpdateContainerAgentHandler extends EcsOperation {
    public UpdateContainerAgentHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String ref = Doc.str(in, "containerInstance");
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("containerInstance can not be blank.");
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        ContainerInstance i = InstanceRefs.find(ecs, cluster, ref)
                .orElseThrow(() -> AwsException.invalidParameter("The referenced container instance " + ref + " was not found."));
        Object version = i.versionInfo() == null ? null : i.versionInfo().get("agentVersion");
        if (version == null || version.toString().isBlank()) {
            throw new AwsException("MissingVersionException", 400, "Amazon ECS can't determine the current version of the Amazon ECS container agent on the container instance and doesn't have enough information to proceed with an update.");
        }
        throw new AwsException("NoUpdateAvailableException", 400, "There's no update available for this Amazon ECS container agent: agent "
                + version + " is the release of the Dockyard it runs with; update the host's Dockyard agent to update it.");
    }
}
