package io.dockyard.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An AWS Query protocol service: the SigV4 signing name that routes to it (e.g.
 * {@code elasticloadbalancing}), its API version, its XML namespace and its operations by Action.
 */
public record QueryService(String signingName, String version, String xmlNamespace, Map<String, Operation> operations) {
    public static QueryService of(String signingName, String version, String xmlNamespace, List<? extends Operation> ops) {
        return new QueryService(signingName, version, xmlNamespace,
                ops.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity())));
    }
}
