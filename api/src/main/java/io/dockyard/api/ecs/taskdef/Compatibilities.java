package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.Doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launch types a task definition is compatible with ({@code compatibilities}), derived as ECS
 * does: bridge/host/none definitions run on EC2 and EXTERNAL (ECS Anywhere) instances → ["EXTERNAL",
 * "EC2"]; awsvpc definitions run on EC2, on Fargate when they satisfy Fargate's rules, and on ECS
 * Managed Instances → ["EC2", "FARGATE", "MANAGED_INSTANCES"] or ["EC2", "MANAGED_INSTANCES"].
 */
final class Compatibilities {
    private Compatibilities() {}

    static List<String> of(Map<String, Object> doc) {
        List<String> out = new ArrayList<>();
        if (!"awsvpc".equals(Doc.str(doc, "networkMode"))) {
            out.add("EXTERNAL");
            out.add("EC2");
            return out;
        }
        out.add("EC2");
        if (FargateRules.fits(doc)) out.add("FARGATE");
        out.add("MANAGED_INSTANCES");
        return out;
    }
}
