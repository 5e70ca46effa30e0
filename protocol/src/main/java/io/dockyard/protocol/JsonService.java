package io.dockyard.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A JSON 1.1 service: its target prefix (e.g. {@code AmazonEC2ContainerServiceV20141113}) and operations. */
public record JsonService(String targetPrefix, String signingName, Map<String, Operation> operations) {
    public static JsonService of(String targetPrefix, String signingName, List<? extends Operation> ops) {
        return new JsonService(targetPrefix, signingName, ops.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity())));
    }
}
