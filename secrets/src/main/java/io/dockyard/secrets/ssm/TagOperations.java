package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource on parameters (ResourceType {@code Parameter},
 * ResourceId the parameter's name). The other resource types of the model are valid input, but Dockyard has no such
 * resources: InvalidResourceId.
 */
final class TagOperations {
    static final List<String> RESOURCE_TYPES = List.of("Document", "ManagedInstance", "MaintenanceWindow", "Parameter", "PatchBaseline", "OpsItem",
            "OpsMetadata", "Automation", "Association");
    private final ParameterBook book;

    TagOperations(ParameterBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("AddTagsToResource", this::add), NamedOperation.of("RemoveTagsFromResource", this::remove),
                NamedOperation.of("ListTagsForResource", this::list));
    }

    /** The parameter a ResourceType/ResourceId pair names; InvalidResourceId when there is none. */
    private Parameter resource(JsonInput in) {
        String type = Wire.required(in, "ResourceType");
        if (!RESOURCE_TYPES.contains(type)) throw Errors.constraint("resourceType", type, "Member must satisfy enum value set: " + RESOURCE_TYPES);
        String id = Wire.required(in, "ResourceId");
        if (!"Parameter".equals(type)) throw Errors.invalidResourceId();
        try {
            return book.find(id);
        } catch (AwsException e) {
            throw Errors.invalidResourceId();
        }
    }

    private Object add(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        if (!in.has("Tags")) throw Errors.constraint("tags", null, "Member must not be null");
        List<Parameter.Tag> tags = Wire.tags(in, "Tags");
        return book.store().atomically(() -> {
            Parameter p = resource(in);
            book.put(p.withTags(Wire.merge(p.tags(), tags)));
            return Out.obj();
        });
    }

    private Object remove(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        if (!in.has("TagKeys")) throw Errors.constraint("tagKeys", null, "Member must not be null");
        List<String> keys = in.strings("TagKeys");
        return book.store().atomically(() -> {
            Parameter p = resource(in);
            book.put(p.withTags(p.tags().stream().filter(t -> !keys.contains(t.key())).toList()));
            return Out.obj();
        });
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("TagList", Wire.tagList(resource(new JsonInput(input)).tags()));
    }
}
