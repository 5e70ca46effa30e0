package io.dockyard.registry.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;
import io.dockyard.core.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ECR lifecycle policy: rules in priority order, each selecting images by tag status (with tag
 * prefixes or wildcard patterns) and expiring them past an image count or an age.
 */
public record LifecyclePolicy(List<Rule> rules) {

    /** One rule. {@code countUnit} is "days" for sinceImagePushed, null otherwise. */
    public record Rule(int priority, String tagStatus, List<String> tagPrefixList, List<String> tagPatternList,
                       String countType, int countNumber) {

        boolean selects(List<String> tags) {
            return switch (tagStatus) {
                case "untagged" -> tags.isEmpty();
                case "any" -> true;
                default -> !tags.isEmpty()
                        && tagPrefixList.stream().allMatch(p -> tags.stream().anyMatch(t -> t.startsWith(p)))
                        && tagPatternList.stream().allMatch(p -> tags.stream().anyMatch(t -> glob(p).matcher(t).matches()));
            };
        }
    }

    /** An image as the policy sees it. */
    public record Candidate(String digest, List<String> tags, Instant pushedAt) {}

    /** An image the policy expires, and the rule that does it. */
    public record Expiry(Candidate image, int rulePriority) {}

    private static AwsException invalid(String why) {
        return AwsException.invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: " + why + "'");
    }

    /** Parses and validates a policy text; InvalidParameterException as ECR words it. */
    public static LifecyclePolicy parse(String text) {
        if (text == null || text.length() < 100 || text.length() > 30720) {
            throw AwsException.invalidParameter("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Member must have length between 100 and 30720'");
        }
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw invalid("the policy is not valid JSON");
        }
        if (doc == null || !doc.path("rules").isArray() || doc.path("rules").isEmpty()) throw invalid("object has missing required properties ([\"rules\"])");
        List<Rule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        for (JsonNode r : doc.get("rules")) {
            Rule rule = rule(r);
            if (!priorities.add(rule.priority())) throw invalid("rulePriority " + rule.priority() + " is used more than once");
            rules.add(rule);
        }
        rules.sort(Comparator.comparingInt(Rule::priority));
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).tagStatus().equals("any") && i != rules.size() - 1) {
                throw invalid("a rule with tagStatus 'any' must have the highest rulePriority and be the only one");
            }
        }
        return new LifecyclePolicy(List.copyOf(rules));
    }

    private static Rule rule(JsonNode r) {
        if (!r.path("rulePriority").isIntegralNumber() || r.get("rulePriority").asInt() < 1) throw invalid("rulePriority must be an integer of at least 1");
        JsonNode sel = r.path("selection");
        if (!sel.isObject()) throw invalid("object has missing required properties ([\"selection\"])");
        String status = sel.path("tagStatus").asText("");
        if (!Set.of("tagged", "untagged", "any").contains(status)) throw invalid("tagStatus must be one of tagged, untagged, any");
        List<String> prefixes = strings(sel.get("tagPrefixList"));
        List<String> patterns = strings(sel.get("tagPatternList"));
        if (status.equals("tagged") && prefixes.isEmpty() == patterns.isEmpty()) throw invalid("a tagged rule needs exactly one of tagPrefixList and tagPatternList");
        if (!status.equals("tagged") && (!prefixes.isEmpty() || !patterns.isEmpty())) throw invalid("tagPrefixList and tagPatternList are only allowed with tagStatus 'tagged'");
        String countType = sel.path("countType").asText("");
        if (countType.equals("sinceImagePushed")) {
            if (!sel.path("countUnit").asText("").equals("days")) throw invalid("countUnit must be 'days' for sinceImagePushed");
        } else if (countType.equals("imageCountMoreThan")) {
            if (sel.has("countUnit")) throw invalid("countUnit is not allowed with imageCountMoreThan");
        } else {
            throw invalid("countType must be imageCountMoreThan or sinceImagePushed");
        }
        if (!sel.path("countNumber").isIntegralNumber() || sel.get("countNumber").asInt() < 1) throw invalid("countNumber must be an integer of at least 1");
        if (!r.path("action").path("type").asText("").equals("expire")) throw invalid("action type must be 'expire'");
        return new Rule(r.get("rulePriority").asInt(), status, prefixes, patterns, countType, sel.get("countNumber").asInt());
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw invalid("tag lists must be arrays of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode s : n) {
            if (!s.isTextual() || s.asText().isEmpty()) throw invalid("tag lists must be arrays of non-empty strings");
            out.add(s.asText());
        }
        return out;
    }

    private static Pattern glob(String p) {
        String[] parts = p.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }

    /**
     * The images the policy expires now. Rules run in priority order; an image selected by a rule
     * is decided by it (kept or expired) and is out of reach of later rules.
     */
    public List<Expiry> evaluate(List<Candidate> images, Instant now) {
        Set<String> decided = new HashSet<>();
        List<Expiry> out = new ArrayList<>();
        for (Rule rule : rules) {
            List<Candidate> selected = images.stream()
                    .filter(c -> !decided.contains(c.digest()) && rule.selects(c.tags()))
                    .sorted(Comparator.comparing(Candidate::pushedAt).reversed())
                    .toList();
            selected.forEach(c -> decided.add(c.digest()));
            if (rule.countType().equals("imageCountMoreThan")) {
                for (int i = rule.countNumber(); i < selected.size(); i++) out.add(new Expiry(selected.get(i), rule.priority()));
            } else {
                Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                selected.stream().filter(c -> c.pushedAt().isBefore(cutoff)).forEach(c -> out.add(new Expiry(c, rule.priority())));
            }
        }
        return out;
    }
}
