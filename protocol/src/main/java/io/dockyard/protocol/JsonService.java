package io.dockyard.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A service of the AWS JSON protocols (and Smithy RPC v2 CBOR): its target prefix (e.g.
 * {@code AmazonEC2ContainerServiceV20141113}) and operations. A service that came from the Query
 * protocol ({@code awsQueryCompatible}, such as CloudWatch) throws its Query error codes; {@code queryErrors}
 * names the error shape of each code for the JSON and CBOR answers (null: not query-compatible).
 */
public record JsonService(String targetPrefix, String signingName, Map<String, Operation> operations, Map<String, String> queryErrors) {
    public static JsonService of(String targetPrefix, String signingName, List<? extends Operation> ops) {
        return new JsonService(targetPrefix, signingName, byName(ops), null);
    }

    /** A service that keeps its Query error codes on every protocol; {@code errorShapes} maps a code to its error shape. */
    public static JsonService queryCompatible(String targetPrefix, String signingName, List<? extends Operation> ops, Map<String, String> errorShapes) {
        return new JsonService(targetPrefix, signingName, byName(ops), Map.copyOf(errorShapes));
    }

    public boolean queryCompatible() { return queryErrors != null; }

    /** The error shape name of a Query error code (the code itself when the service does not list it). */
    public String errorType(String code) { return queryErrors == null ? code : queryErrors.getOrDefault(code, code); }

    private static Map<String, Operation> byName(List<? extends Operation> ops) {
        return ops.stream().collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity()));
    }
}
