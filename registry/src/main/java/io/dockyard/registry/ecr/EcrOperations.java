package io.dockyard.registry.ecr;

import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.registry.lifecycle.Lifecycle;

import java.util.ArrayList;
import java.util.List;

/** The ECR JSON 1.1 service: every supported operation. */
public final class EcrOperations {
    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";

    private EcrOperations() {}

    public static JsonService service(Ecr ecr, Lifecycle lifecycle, io.dockyard.registry.cache.PullThroughCache cache) {
        List<Operation> ops = new ArrayList<>();
        ops.addAll(RepositoryOperations.all(ecr));
        ops.addAll(TagOperations.all(ecr));
        ops.addAll(RegistryOperations.all(ecr));
        ops.addAll(ImageOperations.all(ecr));
        ops.addAll(LayerOperations.all(ecr));
        ops.addAll(LifecycleOperations.all(ecr, lifecycle));
        ops.addAll(ScanOperations.all(ecr));
        ops.addAll(PullThroughCacheOperations.all(ecr, cache));
        ops.addAll(TemplateOperations.all(ecr));
        ops.addAll(ReplicationOperations.all(ecr));
        ops.addAll(SigningOperations.all(ecr));
        ops.addAll(PullTimeExclusionOperations.all(ecr));
        ops.addAll(StorageClassOperations.all(ecr));
        return JsonService.of(TARGET_PREFIX, "ecr", ops);
    }
}
