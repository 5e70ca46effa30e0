package io.dockyard.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attributes a user sets on a queue, checked as SQS checks them (InvalidAttributeName for an unknown name,
 * InvalidAttributeValue for a value out of range), and their defaults.
 */
public final class QueueAttributes {
    private QueueAttributes() {}

    public static final int DEFAULT_MAX_SIZE = 262_144;

    /** Settable attributes and their defaults (null: no default shown). */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    static {
        DEFAULTS.put("DelaySeconds", "0");
        DEFAULTS.put("MaximumMessageSize", Integer.toString(DEFAULT_MAX_SIZE));
        DEFAULTS.put("MessageRetentionPeriod", "345600");
        DEFAULTS.put("ReceiveMessageWaitTimeSeconds", "0");
        DEFAULTS.put("VisibilityTimeout", "30");
        DEFAULTS.put("SqsManagedSseEnabled", "true");
        DEFAULTS.put("Policy", null);
        DEFAULTS.put("RedrivePolicy", null);
        DEFAULTS.put("RedriveAllowPolicy", null);
        DEFAULTS.put("KmsMasterKeyId", null);
        DEFAULTS.put("KmsDataKeyReusePeriodSeconds", null);
        DEFAULTS.put("FifoQueue", null);
        DEFAULTS.put("ContentBasedDeduplication", null);
        DEFAULTS.put("DeduplicationScope", null);
        DEFAULTS.put("FifoThroughputLimit", null);
    }

    private static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

    /** Checks {@code attributes} for a queue ({@code creating}: FifoQueue may be given); answers them normalized. */
    static Map<String, String> check(Map<String, String> attributes, boolean fifo, boolean creating) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (!DEFAULTS.containsKey(name)) throw Errors.attributeName(name);
            if (value == null) throw Errors.attributeValue(name);
            switch (name) {
                case "DelaySeconds" -> range(name, value, 0, 900);
                case "MaximumMessageSize" -> range(name, value, 1024, 1_048_576);
                case "MessageRetentionPeriod" -> range(name, value, 60, 1_209_600);
                case "ReceiveMessageWaitTimeSeconds" -> range(name, value, 0, 20);
                case "VisibilityTimeout" -> range(name, value, 0, 43_200);
                case "KmsDataKeyReusePeriodSeconds" -> range(name, value, 60, 86_400);
                case "SqsManagedSseEnabled", "ContentBasedDeduplication" -> bool(name, value);
                case "FifoQueue" -> {
                    if (!creating) throw Errors.attributeName(name);
                    bool(name, value);
                    if (Boolean.parseBoolean(value) != fifo) {
                        throw Errors.invalidValue(name, value, fifo ? "The name of a FIFO queue must end with the .fifo suffix."
                                : "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
                    }
                }
                case "DeduplicationScope" -> oneOf(name, value, Set.of("messageGroup", "queue"));
                case "FifoThroughputLimit" -> oneOf(name, value, Set.of("perQueue", "perMessageGroupId"));
                case "RedrivePolicy" -> redrive(value);
                case "Policy", "RedriveAllowPolicy" -> {
                    if (!value.isEmpty()) json(name, value);
                }
                default -> { }
            }
            if (!fifo && FIFO_ONLY.contains(name)) throw Errors.attributeName(name);
            out.put(name, value);
        });
        return out;
    }

    /** The dead-letter queue ARN and maxReceiveCount of a RedrivePolicy document. */
    public record Redrive(String deadLetterTargetArn, int maxReceiveCount) {}

    static Redrive redrive(String value) {
        if (value == null || value.isEmpty()) return null;
        JsonNode n = json("RedrivePolicy", value);
        JsonNode arn = n.get("deadLetterTargetArn"), count = n.get("maxReceiveCount");
        if (arn == null || !arn.isTextual() || count == null) {
            throw Errors.invalidValue("RedrivePolicy", value, "Redrive policy does not contain mandatory attribute: "
                    + (arn == null ? "deadLetterTargetArn" : "maxReceiveCount") + ".");
        }
        int max;
        try {
            max = count.isNumber() ? count.intValue() : Integer.parseInt(count.asText());
        } catch (NumberFormatException e) {
            throw Errors.invalidValue("RedrivePolicy", value, "Invalid value for maxReceiveCount: " + count.asText() + ", valid values are from 1 to 1000 both inclusive.");
        }
        if (max < 1 || max > 1000) {
            throw Errors.invalidValue("RedrivePolicy", value, "Invalid value for maxReceiveCount: " + max + ", valid values are from 1 to 1000 both inclusive.");
        }
        return new Redrive(arn.asText(), max);
    }

    private static JsonNode json(String name, String value) {
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            if (n == null || !n.isObject()) throw Errors.attributeValue(name);
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Errors.attributeValue(name);
        }
    }

    private static void range(String name, String value, long min, long max) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < min || v > max) throw Errors.attributeValue(name);
        } catch (NumberFormatException e) {
            throw Errors.attributeValue(name);
        }
    }

    private static void bool(String name, String value) {
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) throw Errors.attributeValue(name);
    }

    private static void oneOf(String name, String value, Set<String> allowed) {
        if (!allowed.contains(value)) throw Errors.attributeValue(name);
    }

    /** GetQueueAttributes: {@code names} (All for every one); InvalidAttributeName for an unknown name. */
    static Map<String, String> read(Queue q, Queue.Depth d, List<String> names) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QueueArn", q.arn);
        all.put("ApproximateNumberOfMessages", Long.toString(d.visible()));
        all.put("ApproximateNumberOfMessagesNotVisible", Long.toString(d.inFlight()));
        all.put("ApproximateNumberOfMessagesDelayed", Long.toString(d.delayed()));
        all.put("CreatedTimestamp", Long.toString(q.createdAt / 1000));
        all.put("LastModifiedTimestamp", Long.toString(q.lastModified / 1000));
        DEFAULTS.forEach((k, v) -> {
            String value = q.attribute(k);
            if (value != null) all.put(k, value);
        });
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            if ("All".equals(n)) return all;
            if (!all.containsKey(n) && !DEFAULTS.containsKey(n)) throw Errors.attributeName(n);
            if (all.containsKey(n)) out.put(n, all.get(n));
        }
        return out;
    }

    /** A queue name as SQS takes it (1–80 letters, digits, - and _; FIFO queues end in .fifo). */
    static void checkName(String name, boolean fifo) {
        if (name == null || name.isEmpty()) throw Errors.missing("QueueName");
        String base = fifo && name.endsWith(".fifo") ? name.substring(0, name.length() - 5) : name;
        if (fifo && !name.endsWith(".fifo") || name.length() > 80 || base.isEmpty() || !base.matches("[A-Za-z0-9_-]+")) {
            throw Errors.invalid(fifo ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                    : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
    }
}
