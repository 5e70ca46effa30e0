package io.dockyard.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journal's records, one kind of change each: {@code q} a queue (created or changed, whole), {@code x} a queue deleted,
 * {@code m} a message sent (whole; its deduplication key {@code k}), {@code r} a receive or visibility change, {@code d} a
 * message deleted, {@code p} a purge, {@code mv} a move to the dead-letter queue, {@code dd} a deduplication id (snapshots).
 */
final class JournalRecords {
    private JournalRecords() {}


    static Map<String, Object> queueRecord(Queue q) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("t", "q");
        r.put("q", q.name);
        r.put("arn", q.arn);
        r.put("fifo", q.fifo);
        r.put("createdAt", q.createdAt);
        r.put("lastModified", q.lastModified);
        r.put("attributes", q.attributes);
        r.put("tags", q.tags);
        r.put("seq", q.sequence);
        return r;
    }

    static Map<String, Object> messageRecord(Queue q, Message m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("t", "m");
        r.put("q", q.name);
        r.put("id", m.id);
        r.put("body", m.body);
        if (!m.attributes.isEmpty()) r.put("attrs", m.attributes);
        if (!m.systemAttributes.isEmpty()) r.put("sys", m.systemAttributes);
        r.put("sentAt", m.sentAt);
        r.put("visibleAt", m.visibleAt);
        if (m.groupId != null) r.put("group", m.groupId);
        if (m.deduplicationId != null) r.put("dedup", m.deduplicationId);
        if (m.sequenceNumber != null) r.put("seqNo", m.sequenceNumber);
        if (m.senderId != null) r.put("sender", m.senderId);
        return r;
    }

    static Map<String, Object> receiveRecord(Queue q, Message m) {
        return Map.of("t", "r", "q", q.name, "id", m.id, "v", m.visibleAt, "n", m.receiveCount, "f", m.firstReceiveAt, "h", m.nonce == null ? "" : m.nonce);
    }

    /** Replays one journal record into the queues. */
    static void apply(JsonNode r, Map<String, Queue> byName, java.util.function.UnaryOperator<String> arn) {
        String t = r.path("t").asText();
        String name = r.path("q").asText();
        Queue q = byName.get(name);
        switch (t) {
            case "q" -> {
                Map<String, String> attrs = strings(r.get("attributes"));
                Map<String, String> tags = strings(r.get("tags"));
                if (q == null) {
                    q = new Queue(name, r.path("arn").asText(arn.apply(name)), r.path("fifo").asBoolean(), r.path("createdAt").asLong(), attrs, tags);
                    byName.put(name, q);
                } else {
                    q.attributes = Map.copyOf(attrs);
                    q.tags = new LinkedHashMap<>(tags);
                }
                q.lastModified = r.path("lastModified").asLong(q.createdAt);
                q.sequence = Math.max(q.sequence, r.path("seq").asLong());
            }
            case "x" -> {
                if (q != null) {
                    byName.remove(name);
                    q.gone = true;
                }
            }
            case "m" -> {
                if (q == null) return;
                Message m = new Message(r.path("id").asText(), r.path("body").asText(), attributes(r.get("attrs")), attributes(r.get("sys")),
                        r.path("sentAt").asLong(), text(r, "group"), text(r, "dedup"), text(r, "seqNo"), text(r, "sender"), r.path("visibleAt").asLong());
                q.messages.put(m.id, m);
                if (m.sequenceNumber != null) q.sequence = Math.max(q.sequence, Long.parseLong(m.sequenceNumber));
                if (r.hasNonNull("k")) q.dedup.put(r.get("k").asText(), new Queue.Dedup(m.id, m.sequenceNumber, m.sentAt + Queues.DEDUP_WINDOW_MS));
            }
            case "r" -> {
                Message m = q == null ? null : q.messages.get(r.path("id").asText());
                if (m == null) return;
                m.visibleAt = r.path("v").asLong();
                m.receiveCount = r.path("n").asInt();
                m.firstReceiveAt = r.path("f").asLong();
                m.nonce = r.path("h").asText().isEmpty() ? null : r.path("h").asText();
            }
            case "d" -> {
                if (q != null) q.messages.remove(r.path("id").asText());
            }
            case "p" -> {
                if (q != null) {
                    q.messages.clear();
                    q.purgedAt = r.path("at").asLong();
                }
            }
            case "mv" -> {
                Message m = q == null ? null : q.messages.remove(r.path("id").asText());
                Queue to = byName.get(r.path("to").asText());
                if (m != null && to != null) to.messages.put(m.id, JournalQueues.moveCopy(m, 0));
            }
            case "dd" -> {
                if (q != null) q.dedup.put(r.path("k").asText(), new Queue.Dedup(r.path("id").asText(), text(r, "s"), r.path("u").asLong()));
            }
            default -> { }
        }
    }

    private static String text(JsonNode r, String field) { return r.hasNonNull(field) ? r.get(field).asText() : null; }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null) n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, Message.Attribute> attributes(JsonNode n) {
        if (n == null || n.isNull()) return Map.of();
        Map<String, Message.Attribute> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), Json.RECORDS.convertValue(e.getValue(), Message.Attribute.class)));
        return out;
    }
}
