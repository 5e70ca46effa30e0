package io.dockyard.secrets.asm;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy and ValidateResourcePolicy: the policy is checked to be a
 * well-formed IAM policy document (JSON, a Statement with Effect, Action and Principal) and kept with the secret.
 */
final class PolicyOperations {
    static final int MAX_POLICY = 20_480;
    private final SecretBook book;

    PolicyOperations(SecretBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutResourcePolicy", this::put), NamedOperation.of("GetResourcePolicy", this::get),
                NamedOperation.of("DeleteResourcePolicy", this::delete), NamedOperation.of("ValidateResourcePolicy", this::validate));
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId"), policy = check(in.required("ResourcePolicy"));
        return book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            book.put(s.withPolicy(policy, book.now()));
            return Out.obj().with("ARN", s.arn()).with("Name", s.name());
        });
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        Secret s = book.find(new JsonInput(input).required("SecretId"));
        return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("ResourcePolicy", s.policy());
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String id = new JsonInput(input).required("SecretId");
        return book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            book.put(s.withPolicy(null, book.now()));
            return Out.obj().with("ARN", s.arn()).with("Name", s.name());
        });
    }

    private Object validate(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        if (in.str("SecretId") != null) book.find(in.str("SecretId"));
        check(in.required("ResourcePolicy"));
        return Out.obj().with("PolicyValidationPassed", true).with("ValidationErrors", List.of());
    }

    /** The policy, or MalformedPolicyDocumentException saying what is wrong with it. */
    static String check(String policy) {
        if (policy.length() > MAX_POLICY) throw malformed("The policy exceeds the maximum size of 20480 characters.");
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(policy);
        } catch (Exception e) {
            throw malformed("This resource policy contains a syntax error.");
        }
        if (doc == null || !doc.isObject()) throw malformed("This resource policy contains a syntax error.");
        JsonNode st = doc.get("Statement");
        if (st == null || !(st.isArray() || st.isObject()) || st.isEmpty()) throw malformed("This resource policy contains an unsupported or missing Statement.");
        for (JsonNode s : st.isArray() ? st : List.of(st)) {
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) throw malformed("This resource policy contains an invalid Effect: " + effect);
            if (!s.has("Action") && !s.has("NotAction")) throw malformed("This resource policy contains a statement with no Action.");
            if (!s.has("Principal") && !s.has("NotPrincipal")) throw malformed("This resource policy contains a statement with no Principal.");
        }
        return policy;
    }

    private static AwsException malformed(String m) { return new AwsException("MalformedPolicyDocumentException", 400, m); }
}
