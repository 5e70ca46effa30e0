package io.dockyard.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks a repository policy document: IAM policy grammar (Version, Statement with Effect, Principal, Action). */
final class PolicyValidator {
    private static final String INVALID = "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'";
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    private PolicyValidator() {}

    static void validate(String text) {
        if (text == null || text.isBlank() || text.length() > 10240) throw Ecr.invalid(INVALID);
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw Ecr.invalid(INVALID);
        }
        if (doc == null || !doc.isObject()) throw Ecr.invalid(INVALID);
        if (doc.has("Version") && !VERSIONS.contains(doc.get("Version").asText())) throw Ecr.invalid(INVALID);
        JsonNode st = doc.get("Statement");
        List<JsonNode> statements = new ArrayList<>();
        if (st != null && st.isArray()) st.forEach(statements::add);
        else if (st != null && st.isObject()) statements.add(st);
        if (statements.isEmpty()) throw Ecr.invalid(INVALID);
        for (JsonNode s : statements) {
            if (!s.isObject()) throw Ecr.invalid(INVALID);
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) throw Ecr.invalid(INVALID);
            if (!s.has("Principal") && !s.has("NotPrincipal")) throw Ecr.invalid(INVALID);
            if (!s.has("Action") && !s.has("NotAction")) throw Ecr.invalid(INVALID);
            JsonNode action = s.has("Action") ? s.get("Action") : s.get("NotAction");
            List<JsonNode> actions = new ArrayList<>();
            if (action.isArray()) action.forEach(actions::add); else actions.add(action);
            for (JsonNode a : actions) {
                String v = a.asText("");
                if (!v.equals("*") && !v.startsWith("ecr:")) throw Ecr.invalid(INVALID);
            }
        }
    }
}
