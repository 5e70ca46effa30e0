package io.dockyard.sqs.queue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digests SQS answers and the SDKs verify: MD5 of the body, and of the message (or system) attributes encoded as
 * SQS documents — for each attribute by name: the name, the data type (each a 4-byte big-endian length and UTF-8 bytes),
 * a transport byte (1 String/Number, 2 Binary) and the value (length and bytes).
 */
public final class Md5 {
    private Md5() {}

    public static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String body(String body) { return of(body.getBytes(StandardCharsets.UTF_8)); }

    /** The attributes' digest; null for none. */
    public static String attributes(Map<String, Message.Attribute> attributes) {
        if (attributes == null || attributes.isEmpty()) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Message.Attribute> e : new TreeMap<>(attributes).entrySet()) {
            Message.Attribute a = e.getValue();
            field(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            field(out, a.dataType().getBytes(StandardCharsets.UTF_8));
            if (a.binaryValue() != null) {
                out.write(2);
                field(out, Base64.getDecoder().decode(a.binaryValue()));
            } else {
                out.write(1);
                field(out, a.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return of(out.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
