package io.dockyard.api.ecs.task;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinitionSpec;

import java.util.Map;

/** RunTask/StartTask {@code overrides}: checked against the task definition, kept as sent. */
final class Overrides {
    private Overrides() {}

    static Map<String, Object> validate(Map<String, Object> overrides, TaskDefinitionSpec spec) {
        if (overrides == null) return null;
        for (Map<String, Object> o : Doc.maps(overrides, "containerOverrides")) {
            String name = Doc.str(o, "name");
            if (name == null || name.isEmpty()) throw AwsException.invalidParameter("Container override name can not be blank.");
            if (spec.container(name) == null) {
                throw AwsException.invalidParameter("Override for container named " + name + " is not a container in the TaskDefinition.");
            }
            Doc.strings(o, "command");
            for (Map<String, Object> env : Doc.maps(o, "environment")) {
                Doc.str(env, "name");
                Doc.str(env, "value");
            }
            for (Map<String, Object> f : Doc.maps(o, "environmentFiles")) {
                if (Doc.str(f, "value") == null || !"s3".equals(Doc.str(f, "type"))) {
                    throw AwsException.invalidParameter("environmentFiles need a value and type s3.");
                }
            }
            for (String k : new String[] {"cpu", "memory", "memoryReservation"}) {
                Integer v = Doc.integer(o, k);
                if (v != null && v < 0) throw AwsException.invalidParameter("Container override " + k + " must not be negative.");
            }
        }
        for (String k : new String[] {"cpu", "memory"}) {
            String v = Doc.str(overrides, k);
            if (v != null) {
                if ("cpu".equals(k)) TaskDemand.cpuUnits(v); else TaskDemand.memoryMiB(v);
            }
        }
        return Doc.copyMap(overrides);
    }
}
