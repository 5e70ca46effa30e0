package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RegisterContainerInstance, as the ECS agent calls it: the instance record with its total resources,
 * attributes and version info. Dockyard's own agent registers through its agent protocol; an instance
 * registered only through this API has no agent connected (tasks are not placed on it) until an
 * agent with the same instance id joins.
 */
public final class RegisterContainerInstanceHandler extends EcsOperation {
    public RegisterContainerInstanceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<Resource> resources = new ArrayList<>();
        for (Map<String, Object> r : Doc.maps(in, "totalResources")) {
            String name = Doc.str(r, "name");
            String type = Doc.str(r, "type");
            if (name == null) throw AwsException.invalidParameter("Resource name can not be blank.");
            if ("STRINGSET".equals(type)) resources.add(Resource.stringSet(name, Doc.strings(r, "stringSetValue")));
            else {
                Integer iv = Doc.integer(r, "integerValue");
                resources.add(Resource.integer(name, iv == null ? 0 : iv));
            }
        }
        List<Attribute> attributes = new ArrayList<>();
        for (Map<String, Object> a : Doc.maps(in, "attributes")) attributes.add(Attribute.of(Doc.str(a, "name"), Doc.str(a, "value")));
        var tags = Tags.parse(in, "tags");
        String instanceId = instanceId(Doc.str(in, "instanceIdentityDocument"));
        String reuse = Doc.str(in, "containerInstanceArn");
        ContainerInstance created = ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            var existing = reuse == null ? java.util.Optional.<ContainerInstance>empty() : InstanceRefs.find(ecs, cluster, reuse);
            String arn = existing.map(ContainerInstance::arn).orElse(ctx.arns().containerInstance(cluster.name(), Arns.newId()));
            boolean connected = existing.map(ContainerInstance::agentConnected).orElse(false);
            ContainerInstance i = new ContainerInstance(arn, cluster.arn(), existing.map(ContainerInstance::ec2InstanceId).orElse(instanceId),
                    "ACTIVE", null, connected, resources, attributes, Doc.copyMap(Doc.map(in, "versionInfo")), tags, null,
                    existing.map(ContainerInstance::registeredAt).orElse(ecs.now()), null, null, 1);
            ecs.store().put(Kinds.CONTAINER_INSTANCE, i);
            return i;
        });
        return Out.obj().with("containerInstance", InstanceShapes.instance(ecs, created, Set.of("TAGS")));
    }

    @SuppressWarnings("unchecked")
    private static String instanceId(String identityDocument) {
        if (identityDocument != null) {
            try {
                Object doc = Json.MAPPER.readValue(identityDocument, Object.class);
                if (doc instanceof Map<?, ?> m && m.get("instanceId") instanceof String id) return id;
            } catch (java.io.IOException e) {
                throw AwsException.invalidParameter("instanceIdentityDocument is not valid JSON.");
            }
        }
        return "i-" + Arns.newId().substring(0, 17);
    }
}
