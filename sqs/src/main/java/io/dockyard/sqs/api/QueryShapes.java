package io.dockyard.sqs.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryXml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQS over the Query protocol, whose lists and maps are flattened ({@code Attribute.1.Name}, {@code AttributeName.1},
 * {@code SendMessageBatchRequestEntry.1.Id}; {@code <Message>} and {@code <Attribute><Name/><Value/></Attribute>}
 * repeated in answers): requests are brought to the JSON protocol's shape before the operation runs, answers taken back.
 */
final class QueryShapes {
    private QueryShapes() {}

    /** The same operations, speaking the Query protocol's shapes. */
    static List<Operation> wrap(List<Operation> ops) {
        List<Operation> out = new ArrayList<>();
        for (Operation op : ops) out.add(NamedOperation.of(op.name(), (input, ctx) -> answer(op.name(), op.handle(request(op.name(), input), ctx))));
        return out;
    }

    /** A Query request in the JSON shape. */
    static Map<String, Object> request(String action, Map<String, Object> form) {
        Map<String, Object> out = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            switch (k) {
                case "Attribute" -> out.put("Attributes", map(v, "Name", "Value", false));
                case "MessageAttribute" -> out.put("MessageAttributes", map(v, "Name", "Value", true));
                case "MessageSystemAttribute" -> out.put("MessageSystemAttributes", map(v, "Name", "Value", true));
                case "Tag" -> out.put("CreateQueue".equals(action) ? "tags" : "Tags", map(v, "Key", "Value", false));
                case "AttributeName" -> out.put("AttributeNames", list(v));
                case "MessageAttributeName" -> out.put("MessageAttributeNames", list(v));
                case "MessageSystemAttributeName" -> out.put("MessageSystemAttributeNames", list(v));
                case "TagKey" -> out.put("TagKeys", list(v));
                case "SendMessageBatchRequestEntry", "DeleteMessageBatchRequestEntry", "ChangeMessageVisibilityBatchRequestEntry" -> {
                    List<Object> entries = new ArrayList<>();
                    for (Object e : list(v)) entries.add(e instanceof Map<?, ?> m ? request(action, cast(m)) : e);
                    out.put("Entries", entries);
                }
                default -> out.put(k, v);
            }
        });
        return out;
    }

    /** {@code {"1": x, "2": y}} (or a lone value) as a list in index order. */
    private static List<Object> list(Object v) {
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (!(v instanceof Map<?, ?> m)) return v == null ? List.of() : List.of(v);
        TreeMap<Integer, Object> sorted = new TreeMap<>();
        m.forEach((k, val) -> {
            try {
                sorted.put(Integer.parseInt(String.valueOf(k)), val);
            } catch (NumberFormatException e) {
                // not an index
            }
        });
        return new ArrayList<>(sorted.values());
    }

    private static Map<String, Object> map(Object v, String key, String value, boolean structured) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object e : list(v)) {
            if (!(e instanceof Map<?, ?> m) || m.get(key) == null) continue;
            Object val = m.get(value);
            out.put(String.valueOf(m.get(key)), structured || !(val instanceof Map) ? val : String.valueOf(val));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) { return (Map<String, Object>) m; }

    /** A JSON-shaped answer in the Query protocol's XML shape. */
    static Object answer(String action, Object result) {
        if (!(result instanceof Map<?, ?> m)) return result;
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            String key = String.valueOf(k);
            switch (key) {
                case "Messages" -> out.put("Message", new QueryXml.Flat(each(action, v)));
                case "Attributes" -> out.put("Attribute", pairs(v, "Name", "Value"));
                case "MessageAttributes" -> out.put("MessageAttribute", pairs(v, "Name", "Value"));
                case "Tags" -> out.put("Tag", pairs(v, "Key", "Value"));
                case "QueueUrls", "queueUrls" -> out.put("QueueUrl", new QueryXml.Flat(v instanceof List<?> l ? l : List.of()));
                case "Successful" -> out.put(action + "ResultEntry", new QueryXml.Flat(each(action, v)));
                case "Failed" -> out.put("BatchResultErrorEntry", new QueryXml.Flat(each(action, v)));
                default -> out.put(key, v);
            }
        });
        return out;
    }

    private static List<Object> each(String action, Object v) {
        List<Object> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) out.add(answer(action, o));
        return out;
    }

    private static QueryXml.Flat pairs(Object v, String key, String value) {
        List<Object> out = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, val) -> {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put(key, k);
                pair.put(value, val);
                out.add(pair);
            });
        }
        return new QueryXml.Flat(out);
    }
}
