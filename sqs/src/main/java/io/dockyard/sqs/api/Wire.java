package io.dockyard.sqs.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.sqs.queue.Errors;
import io.dockyard.sqs.queue.Message;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The typed pieces of SQS requests (in the JSON protocol's shape; {@link QueryShapes} brings Query requests to it). */
final class Wire {
    private static final java.util.regex.Pattern ENTRY_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final java.util.regex.Pattern ATTRIBUTE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");
    private Wire() {}

    static final int MAX_ATTRIBUTES = 10;

    /** A string-to-string map member (queue attributes, tags). */
    static Map<String, String> strings(QueryInput in, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        in.map(member).forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }

    /** {@code MessageAttributes} (or {@code MessageSystemAttributes} when {@code system}), checked as SQS checks them. */
    static Map<String, Message.Attribute> attributes(QueryInput in, String member, boolean system) {
        Map<String, Object> raw = in.map(member);
        if (raw.size() > MAX_ATTRIBUTES) {
            throw Errors.invalid("Number of message attributes [" + raw.size() + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        Map<String, Message.Attribute> out = new LinkedHashMap<>();
        raw.forEach((name, v) -> {
            if (system && !"AWSTraceHeader".equals(name)) throw Errors.invalid("Message system attribute name '" + name + "' is invalid.");
            if (!system) name(name);
            if (!(v instanceof Map<?, ?> m)) throw Errors.invalid("The message attribute '" + name + "' must contain a non-empty message attribute type.");
            String type = m.get("DataType") == null ? null : String.valueOf(m.get("DataType"));
            if (type == null || type.isEmpty()) throw Errors.invalid("The message attribute '" + name + "' must contain a non-empty message attribute type.");
            String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
            String string = m.get("StringValue") == null ? null : String.valueOf(m.get("StringValue"));
            String binary = m.get("BinaryValue") == null ? null : String.valueOf(m.get("BinaryValue"));
            switch (base) {
                case "String", "Number" -> {
                    if (string == null || string.isEmpty()) {
                        throw Errors.invalid("The message attribute '" + name + "' must contain a non-empty message attribute value for message attribute type '" + base + "'.");
                    }
                    if ("Number".equals(base)) number(name, string);
                    binary = null;
                }
                case "Binary" -> {
                    if (binary == null || binary.isEmpty()) {
                        throw Errors.invalid("The message attribute '" + name + "' must contain a non-empty message attribute value for message attribute type 'Binary'.");
                    }
                    try {
                        java.util.Base64.getDecoder().decode(binary);
                    } catch (IllegalArgumentException e) {
                        throw Errors.invalid("The message attribute '" + name + "' has an invalid binary value.");
                    }
                    string = null;
                }
                default -> throw Errors.invalid("The type of message (user) attribute '" + name
                        + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
            }
            if (system && !"String".equals(type)) throw Errors.invalid("The message system attribute 'AWSTraceHeader' must be of type String.");
            out.put(name, new Message.Attribute(type, string, binary));
        });
        return out;
    }

    private static void name(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.length() > 256 || !ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
                || name.contains("..") || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw Errors.invalid("Message (user) attribute name '" + name + "' is invalid. The attribute name can contain only A-Z, a-z, 0-9, "
                    + "underscore (_), hyphen (-), and period (.) characters, can't start or end with a period, can't have successive periods "
                    + "and can't start with AWS. or Amazon.");
        }
    }

    private static void number(String name, String value) {
        try {
            new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw Errors.invalid("Can't convert " + value + " to a number for message attribute '" + name + "'.");
        }
    }

    /** The attributes of a message a receive asked for ({@code All}, {@code .*}, {@code prefix.*} or names). */
    static Map<String, Message.Attribute> selected(Map<String, Message.Attribute> all, List<String> names) {
        Map<String, Message.Attribute> out = new LinkedHashMap<>();
        if (names.isEmpty()) return out;
        all.forEach((k, v) -> {
            for (String n : names) {
                boolean match = "All".equals(n) || ".*".equals(n) || n.equals(k) || (n.endsWith(".*") && k.startsWith(n.substring(0, n.length() - 1)));
                if (match) {
                    out.put(k, v);
                    return;
                }
            }
        });
        return out;
    }

    /** A message attribute as the wire carries it. */
    static Map<String, Object> attribute(Message.Attribute a) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (a.stringValue() != null) out.put("StringValue", a.stringValue());
        if (a.binaryValue() != null) out.put("BinaryValue", a.binaryValue());
        out.put("DataType", a.dataType());
        return out;
    }

    /** A batch's entries: 1–10, ids distinct and well formed. */
    static List<QueryInput> entries(QueryInput in, String entryName) {
        List<QueryInput> entries = in.structs("Entries");
        if (entries.isEmpty()) {
            throw new io.dockyard.core.AwsException("AWS.SimpleQueueService.EmptyBatchRequest", 400, "There should be at least one " + entryName + " in the request.");
        }
        if (entries.size() > 10) {
            throw new io.dockyard.core.AwsException("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400,
                    "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (QueryInput e : entries) {
            String id = e.str("Id");
            if (id == null || !ENTRY_ID.matcher(id).matches()) {
                throw new io.dockyard.core.AwsException("AWS.SimpleQueueService.InvalidBatchEntryId", 400,
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
            }
            if (!ids.add(id)) throw new io.dockyard.core.AwsException("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, "Id " + id + " repeated.");
        }
        return entries;
    }

    /** A batch entry's failure. */
    static Map<String, Object> failure(String id, io.dockyard.core.AwsException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", id);
        out.put("SenderFault", e.status() < 500);
        out.put("Code", e.code());
        out.put("Message", e.getMessage());
        return out;
    }
}
