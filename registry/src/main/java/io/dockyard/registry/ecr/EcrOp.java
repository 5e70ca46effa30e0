package io.dockyard.registry.ecr;

import io.dockyard.protocol.Operation;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.RegistryException;

import java.util.Map;
import java.util.function.BiFunction;

/** One ECR operation: its name and body; registry failures become the matching ECR exception. */
record EcrOp(String name, BiFunction<Map<String, Object>, RequestContext, Object> body) implements Operation {
    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) {
        try {
            return body.apply(input, ctx);
        } catch (RegistryException e) {
            throw e.toAws();
        }
    }
}
