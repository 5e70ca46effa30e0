package io.dockyard.protocol;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

/** AWS Query protocol responses: {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata>…} and {@code <ErrorResponse>}. */
public final class QueryXml {
    private QueryXml() {}

    /** A flattened list (the model's {@code flattened}): each item is an element named as the member, with no wrapper. */
    public record Flat(java.util.List<?> items) {}

    /** The success document for {@code operation} with its result structure. */
    public static String response(String operation, String namespace, Object result, String requestId) {
        StringBuilder b = new StringBuilder(512);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(operation).append("Response xmlns=\"").append(namespace).append("\">");
        b.append('<').append(operation).append("Result>");
        value(b, result);
        b.append("</").append(operation).append("Result>");
        b.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        b.append("</").append(operation).append("Response>");
        return b.toString();
    }

    /** The error document; Type is Sender for 4xx and Receiver for 5xx. */
    public static String error(String namespace, int status, String code, String message, String requestId) {
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"").append(namespace).append("\"><Error>");
        b.append("<Type>").append(status >= 500 ? "Receiver" : "Sender").append("</Type>");
        b.append("<Code>").append(escape(code)).append("</Code>");
        b.append("<Message>").append(escape(message == null ? "" : message)).append("</Message>");
        b.append("</Error><RequestId>").append(requestId).append("</RequestId></ErrorResponse>");
        return b.toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) return;
        if (v instanceof XmlMap m) {
            m.forEach((k, val) -> {
                b.append("<entry><key>").append(escape(k)).append("</key><value>");
                value(b, val);
                b.append("</value></entry>");
            });
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, val) -> {
                if (val == null) return;
                if (val instanceof Flat f) {
                    for (Object item : f.items()) {
                        b.append('<').append(k).append('>');
                        value(b, item);
                        b.append("</").append(k).append('>');
                    }
                    return;
                }
                b.append('<').append(k).append('>');
                value(b, val);
                b.append("</").append(k).append('>');
            });
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) {
                b.append("<member>");
                value(b, o);
                b.append("</member>");
            }
        } else if (v instanceof Instant i) {
            b.append(DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.MILLIS)));
        } else {
            b.append(escape(v.toString()));
        }
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep != null && b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (b != null) {
                if (rep != null) b.append(rep);
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
