package io.dockyard.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.core.AwsException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM policy document, parsed and checked as IAM checks it ({@code MalformedPolicyDocument} with IAM's wording):
 * Version, Statement (one or a list) with Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and
 * Condition. Identity policies must name resources and no principal; trust policies (a role's AssumeRolePolicyDocument)
 * must name a principal and no resource; resource policies (a secret's, a repository's) need a principal.
 */
public record PolicyDocument(String json, List<Statement> statements) {
    public enum Use { IDENTITY, TRUST, RESOURCE }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement; lists are never null (empty when the element is absent). {@code principals}: type → values, {@code *} as {"*": ["*"]}. */
    public record Statement(String sid, boolean allow, Map<String, List<String>> principals, boolean notPrincipal, List<String> actions, boolean notAction,
                            List<String> resources, boolean notResource, List<Condition> conditions) {}

    /** A condition: operator (e.g. {@code StringLike}, {@code ForAnyValue:StringEquals}, {@code NumericLessThanIfExists}), key and values. */
    public record Condition(String operator, String key, List<String> values) {}

    public static PolicyDocument parse(String json, Use use) {
        if (json == null || json.isBlank()) throw malformed("Syntax errors in policy.");
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (Exception e) {
            throw malformed("Syntax errors in policy.");
        }
        if (doc == null || !doc.isObject()) throw malformed("Syntax errors in policy.");
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("Version") && !f.equals("Statement") && !f.equals("Id")) throw malformed("Syntax errors in policy.");
        }
        JsonNode version = doc.get("Version");
        if (version != null && !version.asText().equals("2012-10-17") && !version.asText().equals("2008-10-17")) {
            throw malformed("The policy failed legacy parsing");
        }
        JsonNode st = doc.get("Statement");
        if (st == null || !(st.isArray() || st.isObject())) throw malformed("Syntax errors in policy.");
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : st.isArray() ? st : List.of(st)) out.add(statement(s, use));
        if (out.isEmpty()) throw malformed("Syntax errors in policy.");
        return new PolicyDocument(json, List.copyOf(out));
    }

    private static Statement statement(JsonNode s, Use use) {
        if (!s.isObject()) throw malformed("Syntax errors in policy.");
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition").contains(f)) {
                throw malformed("Syntax errors in policy.");
            }
        }
        String effect = s.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) throw malformed("Syntax errors in policy.");
        if (s.has("Action") && s.has("NotAction") || s.has("Resource") && s.has("NotResource") || s.has("Principal") && s.has("NotPrincipal")) {
            throw malformed("Syntax errors in policy.");
        }
        boolean notAction = s.has("NotAction");
        List<String> actions = strings(s.get(notAction ? "NotAction" : "Action"));
        if (actions.isEmpty()) throw malformed("Policy statement must contain actions.");
        for (String a : actions) if (!a.equals("*") && !a.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        boolean notResource = s.has("NotResource");
        List<String> resources = strings(s.get(notResource ? "NotResource" : "Resource"));
        boolean hasPrincipal = s.has("Principal") || s.has("NotPrincipal");
        switch (use) {
            case IDENTITY -> {
                if (hasPrincipal) throw malformed("Policy document should not specify a principal.");
                if (resources.isEmpty()) throw malformed("Policy statement must contain resources.");
            }
            case TRUST -> {
                if (!hasPrincipal) throw malformed("Missing required field Principal");
                if (!resources.isEmpty()) throw malformed("Has prohibited field Resource");
            }
            case RESOURCE -> {
                if (!hasPrincipal) throw malformed("Missing required field Principal");
            }
        }
        for (String r : resources) if (!r.equals("*") && !r.startsWith("arn:")) throw malformed("Resource " + r + " must be in ARN format or \"*\".");
        boolean notPrincipal = s.has("NotPrincipal");
        Map<String, List<String>> principals = hasPrincipal ? principals(s.get(notPrincipal ? "NotPrincipal" : "Principal")) : Map.of();
        List<Condition> conditions = new ArrayList<>();
        JsonNode c = s.get("Condition");
        if (c != null) {
            if (!c.isObject()) throw malformed("Syntax errors in policy.");
            for (Iterator<Map.Entry<String, JsonNode>> ops = c.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!Conditions.known(op.getKey())) throw malformed("Invalid Condition type : " + op.getKey());
                if (!op.getValue().isObject()) throw malformed("Syntax errors in policy.");
                for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                    Map.Entry<String, JsonNode> k = keys.next();
                    conditions.add(new Condition(op.getKey(), k.getKey(), strings(k.getValue())));
                }
            }
        }
        return new Statement(s.path("Sid").asText(null), effect.equals("Allow"), principals, notPrincipal, actions, notAction, resources, notResource,
                List.copyOf(conditions));
    }

    private static Map<String, List<String>> principals(JsonNode p) {
        if (p.isTextual()) {
            if (!p.asText().equals("*")) throw malformed("Invalid principal in policy: " + p);
            return Map.of("*", List.of("*"));
        }
        if (!p.isObject() || p.isEmpty()) throw malformed("Invalid principal in policy");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!List.of("AWS", "Service", "Federated", "CanonicalUser").contains(e.getKey())) throw malformed("Invalid principal in policy: \"" + e.getKey() + "\"");
            List<String> values = strings(e.getValue());
            if (values.isEmpty()) throw malformed("Invalid principal in policy");
            out.put(e.getKey(), values);
        }
        return out;
    }

    /** A string or a list of strings (numbers and booleans as their text); anything else is malformed. */
    private static List<String> strings(JsonNode n) {
        if (n == null) return List.of();
        if (n.isValueNode() && !n.isNull()) return List.of(n.asText());
        if (!n.isArray()) throw malformed("Syntax errors in policy.");
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isValueNode() || x.isNull()) throw malformed("Syntax errors in policy.");
            out.add(x.asText());
        }
        return List.copyOf(out);
    }

    /** The size IAM counts against its quotas: characters that are not whitespace. */
    public static int size(String json) {
        int n = 0;
        for (int i = 0; i < json.length(); i++) if (!Character.isWhitespace(json.charAt(i))) n++;
        return n;
    }

    public static AwsException malformed(String message) { return new AwsException("MalformedPolicyDocument", 400, message); }
}
