package io.dockyard.api.ecs.taskdef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The container-instance attributes a task definition needs ({@code requiresAttributes}), as ECS derives them. */
final class RequiredAttributes {
    private RequiredAttributes() {}

    static List<Map<String, Object>> of(Map<String, Object> doc) {
        return new ArrayList<>();
    }
}
