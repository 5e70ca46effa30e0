package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation ECS applies to RegisterTaskDefinition. */
public final class TaskDefinitionRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private TaskDefinitionRules() {}

    /** Throws the ECS error for the first rule the document breaks. */
    public static void validate(Map<String, Object> doc) {
        String family = Doc.str(doc, "family");
        if (family == null || family.isEmpty()) throw AwsException.client("Family cannot be blank.");
        if (!NAME.matcher(family).matches()) {
            throw AwsException.client("Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
        }
        List<Map<String, Object>> containers = Doc.maps(doc, "containerDefinitions");
        if (containers.isEmpty()) throw AwsException.client("Container list cannot be empty.");
        if (containers.size() > 10) throw AwsException.client("Too many containers. A task definition can have at most 10 containers.");
        Set<String> names = new HashSet<>();
        boolean essential = false;
        for (Map<String, Object> c : containers) {
            String name = Doc.str(c, "name");
            if (name == null || name.isEmpty()) throw AwsException.client("Container.name should not be null or empty.");
            if (!NAME.matcher(name).matches()) {
                throw AwsException.client("Container.name contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
            }
            if (!names.add(name)) throw AwsException.client("Duplicate container name: " + name + ".");
            String image = Doc.str(c, "image");
            if (image == null || image.isBlank()) throw AwsException.client("Container.image should not be null or empty.");
            Boolean e = Doc.bool(c, "essential");
            if (e == null || e) essential = true;
        }
        if (!essential) throw AwsException.client("A task definition must have at least one essential container.");
    }
}
