package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.Doc;

import java.util.Map;

/** The Fargate constraints on a task definition. */
final class FargateRules {
    private FargateRules() {}

    /** Whether the definition can run on Fargate (awsvpc, a valid task-level cpu/memory pair). */
    static boolean fits(Map<String, Object> doc) {
        if (!"awsvpc".equals(Doc.str(doc, "networkMode"))) return false;
        Integer cpu = TaskSize.cpu(Doc.str(doc, "cpu"));
        Integer memory = TaskSize.memory(Doc.str(doc, "memory"));
        return cpu != null && memory != null && validPair(cpu, memory);
    }

    static boolean validPair(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> memory >= 1024 && memory <= 4096 && memory % 1024 == 0;
            case 1024 -> memory >= 2048 && memory <= 8192 && memory % 1024 == 0;
            case 2048 -> memory >= 4096 && memory <= 16384 && memory % 1024 == 0;
            case 4096 -> memory >= 8192 && memory <= 30720 && memory % 1024 == 0;
            case 8192 -> memory >= 16384 && memory <= 61440 && memory % 4096 == 0;
            case 16384 -> memory >= 32768 && memory <= 122880 && memory % 8192 == 0;
            default -> false;
        };
    }
}
