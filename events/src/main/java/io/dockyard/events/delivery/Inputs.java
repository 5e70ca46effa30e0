package io.dockyard.events.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a target receives for an event: the constant {@code Input}, the part {@code InputPath} selects, the
 * {@code InputTransformer}'s template filled from its paths, or the whole event — as EventBridge documents them.
 */
public final class Inputs {
    private Inputs() {}

    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_\\-@$]+|\\[\\d+\\]|\\['[^']+'\\])*");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_\\-@$]+)|\\[(\\d+)\\]|\\['([^']+)'\\]");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");

    /** Whether {@code path} is a JSON path EventBridge takes ({@code $}, {@code $.a.b}, {@code $.a[0]}). */
    public static boolean validPath(String path) { return path != null && PATH.matcher(path).matches(); }

    /** The value at {@code path} of {@code doc} (missing node when absent). */
    public static JsonNode at(JsonNode doc, String path) {
        JsonNode cur = doc;
        Matcher m = SEGMENT.matcher(path);
        int pos = 1;
        while (pos < path.length() && m.find(pos) && m.start() == pos) {
            if (m.group(1) != null) cur = cur.path(m.group(1));
            else if (m.group(2) != null) cur = cur.path(Integer.parseInt(m.group(2)));
            else cur = cur.path(m.group(3));
            pos = m.end();
        }
        return cur == null ? MissingNode.getInstance() : cur;
    }

    /** The text the target gets. */
    public static String of(Target t, JsonNode event, Dispatcher.Origin rule) {
        if (t.input() != null) return t.input();
        if (t.inputPath() != null) return text(at(event, t.inputPath()));
        if (t.transformer() != null) return transform(t.transformer(), event, rule);
        return Json.write(event);
    }

    /** Whether the target was given any input settings (an ECS target passes them on as the task's overrides). */
    public static boolean configured(Target t) { return t.input() != null || t.inputPath() != null || t.transformer() != null; }

    static String transform(Target.Transformer tr, JsonNode event, Dispatcher.Origin rule) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        tr.paths().forEach((k, p) -> values.put(k, at(event, p)));
        values.put("aws.events.rule-arn", Json.MAPPER.getNodeFactory().textNode(rule.arn()));
        values.put("aws.events.rule-name", Json.MAPPER.getNodeFactory().textNode(rule.name()));
        values.put("aws.events.event.ingestion-time", Json.MAPPER.getNodeFactory().textNode(event.path("time").asText()));
        values.put("aws.events.event", Json.MAPPER.getNodeFactory().textNode(Json.write(event)));
        values.put("aws.events.event.json", event);
        String template = tr.template();
        String trimmed = template.trim();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '<') {
                Matcher m = PLACEHOLDER.matcher(template).region(i, template.length());
                if (m.lookingAt() && values.containsKey(m.group(1))) {
                    JsonNode v = values.get(m.group(1));
                    if (!json) out.append(raw(v));
                    else if (inString) out.append(escaped(raw(v)));
                    else out.append(v == null || v.isMissingNode() ? "null" : Json.write(v));
                    i = m.end() - 1;
                    continue;
                }
            }
            if (json && c == '"' && (i == 0 || template.charAt(i - 1) != '\\')) inString = !inString;
            out.append(c);
        }
        return out.toString();
    }

    private static String raw(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) return "";
        return v.isTextual() ? v.asText() : Json.write(v);
    }

    private static String escaped(String s) {
        String q = Json.write(s);
        return q.substring(1, q.length() - 1);
    }

    private static String text(JsonNode v) {
        if (v == null || v.isMissingNode()) return "";
        return Json.write(v);
    }
}
