package io.dockyard.sqs.queue;

import java.util.Map;

/**
 * A message in a queue: what was sent (immutable) and its delivery state — when it is visible next, how often it was
 * received, and the nonce of its current receipt handle (a new one on every receive).
 */
public final class Message {
    /** A message attribute as sent: its data type and a string value or a base64 binary value. */
    public record Attribute(String dataType, String stringValue, String binaryValue) {
        int size(String name) {
            int n = name.length() + dataType.length();
            if (stringValue != null) n += stringValue.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (binaryValue != null) n += java.util.Base64.getDecoder().decode(binaryValue).length;
            return n;
        }
    }

    public final String id;
    public final String body;
    public final Map<String, Attribute> attributes;
    public final Map<String, Attribute> systemAttributes;
    public final long sentAt;
    public final String groupId;
    public final String deduplicationId;
    public final String sequenceNumber;
    public final String senderId;
    long visibleAt;
    int receiveCount;
    long firstReceiveAt;
    String nonce;

    Message(String id, String body, Map<String, Attribute> attributes, Map<String, Attribute> systemAttributes, long sentAt, String groupId,
            String deduplicationId, String sequenceNumber, String senderId, long visibleAt) {
        this.id = id;
        this.body = body;
        this.attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        this.systemAttributes = systemAttributes == null ? Map.of() : Map.copyOf(systemAttributes);
        this.sentAt = sentAt;
        this.groupId = groupId;
        this.deduplicationId = deduplicationId;
        this.sequenceNumber = sequenceNumber;
        this.senderId = senderId;
        this.visibleAt = visibleAt;
    }

    /** Received and not yet visible again. */
    boolean inFlight(long now) { return receiveCount > 0 && nonce != null && visibleAt > now; }

    public int receiveCount() { return receiveCount; }

    public long firstReceiveAt() { return firstReceiveAt; }
}
