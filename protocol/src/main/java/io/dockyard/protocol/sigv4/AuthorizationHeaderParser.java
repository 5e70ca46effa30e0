package io.dockyard.protocol.sigv4;

import java.time.Instant;

/**
 * Parses an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} header together with
 * the request date ({@code X-Amz-Date}, else {@code Date}). Anything malformed is an INCOMPLETE {@link SigV4Exception} with
 * AWS's wording, e.g. {@code Authorization header requires 'Signature' parameter. Authorization=...}; nothing else is
 * ever thrown.
 */
final class AuthorizationHeaderParser {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private AuthorizationHeaderParser() {}

    static ParsedAuth parse(String header, Headers headers) {
        String h = header == null ? "" : header.strip();
        String suffix = " Authorization=" + Text.echo(h);
        int sp = firstWhitespace(h);
        String algorithm = sp < 0 ? h : h.substring(0, sp);
        String credential = null, signedHeaders = null, signature = null;
        if (algorithm.equals(ALGORITHM)) {
            for (String part : h.substring(sp < 0 ? h.length() : sp).split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                if (eq < 0) {
                    throw Text.incomplete("'" + Text.echo(p) + "' not a valid key=value pair (missing equal-sign) in Authorization"
                                          + " header: '" + Text.echo(h) + "'.");
                }
                String name = p.substring(0, eq).strip();
                String value = p.substring(eq + 1).strip();
                switch (name) {
                    case "Credential" -> credential = once(name, credential, value, suffix);
                    case "SignedHeaders" -> signedHeaders = once(name, signedHeaders, value, suffix);
                    case "Signature" -> signature = once(name, signature, value, suffix);
                    default -> { } // AWS ignores parameters it does not know
                }
            }
        } else if (algorithm.startsWith("AWS4")) {
            throw Text.incomplete("Unsupported AWS 'algorithm': '" + Text.echo(algorithm) + "'." + suffix);
        }
        String amzDateHeader = headers.firstNonBlank("X-Amz-Date");
        String dateHeader = amzDateHeader == null ? headers.firstNonBlank("Date") : null;
        StringBuilder missing = new StringBuilder();
        if (blank(credential)) missing.append("Authorization header requires 'Credential' parameter. ");
        if (blank(signature)) missing.append("Authorization header requires 'Signature' parameter. ");
        if (blank(signedHeaders)) missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        if (amzDateHeader == null && dateHeader == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) throw Text.incomplete(missing + suffix.substring(1));

        Instant signedAt;
        String amzDate;
        if (amzDateHeader != null) {
            signedAt = AmzDate.parseBasic(amzDateHeader.strip());
            amzDate = amzDateHeader.strip();
            if (signedAt == null) throw badDate("X-Amz-Date", amzDateHeader);
        } else {
            signedAt = AmzDate.parseHttpDate(dateHeader.strip());
            if (signedAt == null) throw badDate("Date", dateHeader);
            amzDate = AmzDate.format(signedAt);
        }
        return ParsedAuth.of(false, credential, signedHeaders, signature, amzDate, signedAt, null, suffix);
    }

    private static SigV4Exception badDate(String header, String value) {
        return Text.incomplete("Date must be in ISO-8601 'basic format'. Got '" + Text.echo(value) + "' in the '" + header
                               + "' header. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    private static String once(String name, String previous, String value, String suffix) {
        if (previous != null) throw Text.incomplete("Authorization header has more than one '" + name + "' parameter." + suffix);
        return value;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }
}
