package io.dockyard.protocol.access;

import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * What an API call asks IAM for, as the Service Authorization Reference names it — owned by the module that owns the API.
 * For one service (its SigV4 signing name: {@code ecs}, {@code monitoring}, …): the IAM action of an operation
 * ({@code <prefix>:<Operation>}), the ARNs of the resources its parsed input names (an empty list: none, which the gate
 * evaluates as {@code *}), and the condition keys the service adds to the request ({@code ecs:cluster},
 * {@code sts:ExternalId}, …; the global {@code aws:*} keys are the gate's). Secure mode's gate refuses a service without one.
 */
public interface AccessMapping {

    /** The signing name of the service this mapping answers for. */
    String service();

    /** The IAM action's service prefix (the signing name unless IAM names it otherwise: CloudWatch's {@code monitoring} is {@code cloudwatch}). */
    default String prefix() { return service(); }

    /** The IAM action of an operation. */
    default String action(String operation) { return prefix() + ":" + operation; }

    /** The ARNs of the resources the input names; empty: the operation names none ({@code *}). */
    List<String> resources(String operation, Map<String, Object> input, RequestContext ctx);

    /** The service's condition keys for this request (none by default). */
    default Map<String, List<String>> conditions(String operation, Map<String, Object> input, RequestContext ctx) { return Map.of(); }

    /** A mapping whose operations name no resource (every call is authorized on {@code *}). */
    static AccessMapping unscoped(String service) {
        return new AccessMapping() {
            @Override public String service() { return service; }
            @Override public List<String> resources(String operation, Map<String, Object> input, RequestContext ctx) { return List.of(); }
        };
    }
}
