package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.Doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The launch types a task definition is compatible with, derived as ECS derives {@code compatibilities}. */
final class Compatibilities {
    private Compatibilities() {}

    static List<String> of(Map<String, Object> doc) {
        List<String> out = new ArrayList<>();
        out.add("EC2");
        String mode = Doc.str(doc, "networkMode");
        if (mode == null || !"awsvpc".equals(mode)) out.add("EXTERNAL");
        if ("awsvpc".equals(mode) && FargateRules.fits(doc)) out.add("FARGATE");
        return out;
    }
}
