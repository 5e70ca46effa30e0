package io.dockyard.agent.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;

/**
 * One message of the Session Manager data channel (what {@code aws ecs execute-command}'s
 * session-manager-plugin speaks over its WebSocket): a 120-byte big-endian header — header length
 * (always 116), message type (32 ASCII bytes, space-padded), schema version, created date (epoch ms),
 * sequence number, flags, message id (a UUID with its halves swapped), SHA-256 of the payload, payload
 * type, payload length — then the payload.
 */
public record ClientMessage(String type, int schemaVersion, long createdMillis, long sequence, long flags, UUID id, int payloadType, byte[] payload) {
    public static final int HEADER = 120;
    public static final String INPUT = "input_stream_data", OUTPUT = "output_stream_data", ACK = "acknowledge", CLOSED = "channel_closed";
    /** Payload types. */
    public static final int OUT = 1, SIZE = 3, HANDSHAKE_REQUEST = 5, HANDSHAKE_RESPONSE = 6, HANDSHAKE_COMPLETE = 7, STDERR = 11, EXIT_CODE = 12;

    public static ClientMessage stream(String type, long sequence, int payloadType, byte[] payload) {
        return new ClientMessage(type, 1, System.currentTimeMillis(), sequence, sequence == 0 ? 1 : 0, UUID.randomUUID(), payloadType, payload);
    }

    public static ClientMessage control(String type, byte[] payload) {
        return new ClientMessage(type, 1, System.currentTimeMillis(), 0, 3, UUID.randomUUID(), 0, payload);
    }

    /** The acknowledgement of {@code m}. */
    public static ClientMessage ack(ClientMessage m) {
        String json = "{\"AcknowledgedMessageType\":\"" + m.type() + "\",\"AcknowledgedMessageId\":\"" + m.id() + "\",\"AcknowledgedMessageSequenceNumber\":"
                + m.sequence() + ",\"IsSequentialMessage\":true}";
        return control(ACK, json.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(116);
        byte[] t = Arrays.copyOf(type.getBytes(StandardCharsets.US_ASCII), 32);
        for (int i = type.length(); i < 32; i++) t[i] = ' ';
        b.put(t);
        b.putInt(schemaVersion);
        b.putLong(createdMillis);
        b.putLong(sequence);
        b.putLong(flags);
        b.putLong(id.getLeastSignificantBits());
        b.putLong(id.getMostSignificantBits());
        b.put(sha256(payload));
        b.putInt(payloadType);
        b.putInt(payload.length);
        b.put(payload);
        return b.array();
    }

    /** Reads a frame; null when it is too short, malformed, or its digest does not match its payload. */
    public static ClientMessage decode(byte[] frame) {
        if (frame == null || frame.length < HEADER) return null;
        ByteBuffer b = ByteBuffer.wrap(frame);
        int headerLength = b.getInt();
        if (headerLength + 4 > frame.length || headerLength < 116) return null;
        byte[] t = new byte[32];
        b.get(t);
        String type = new String(t, StandardCharsets.US_ASCII).replace("\0", "").trim();
        int schema = b.getInt();
        long created = b.getLong(), seq = b.getLong(), flags = b.getLong();
        long lsb = b.getLong(), msb = b.getLong();
        byte[] digest = new byte[32];
        b.get(digest);
        int payloadType = b.getInt();
        int length = b.getInt();
        byte[] payload = Arrays.copyOfRange(frame, headerLength + 4, frame.length);
        if (type.isEmpty()) return null;
        if (length != 0 && !MessageDigest.isEqual(digest, sha256(payload))) return null;
        return new ClientMessage(type, schema, created, seq, flags, new UUID(msb, lsb), payloadType, payload);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text() { return new String(payload, StandardCharsets.UTF_8); }
}
