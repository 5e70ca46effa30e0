package io.dockyard.protocol;

import java.util.Optional;

/**
 * The parts of a SigV4 {@code Authorization} header the control plane reads: access key, date, region
 * and service from the credential scope. Verification of the signature sits behind {@link Gate}.
 */
public record SigV4(String accessKeyId, String date, String region, String service, String signedHeaders, String signature) {

    /** Parses {@code AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/ecs/aws4_request, SignedHeaders=..., Signature=...}. */
    public static Optional<SigV4> parse(String header) {
        if (header == null || !header.startsWith("AWS4-HMAC-SHA256")) return Optional.empty();
        String credential = null, signed = null, signature = null;
        for (String part : header.substring("AWS4-HMAC-SHA256".length()).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) credential = p.substring("Credential=".length());
            else if (p.startsWith("SignedHeaders=")) signed = p.substring("SignedHeaders=".length());
            else if (p.startsWith("Signature=")) signature = p.substring("Signature=".length());
        }
        if (credential == null) return Optional.empty();
        String[] scope = credential.split("/");
        if (scope.length != 5) return Optional.empty();
        return Optional.of(new SigV4(scope[0], scope[1], scope[2], scope[3], signed, signature));
    }

    /** The credential scope of a presigned query ({@code X-Amz-Credential=AK/date/region/service/aws4_request}); empty when there is none or it is malformed. */
    public static Optional<SigV4> presigned(String query) {
        if (query == null) return Optional.empty();
        for (String pair : query.split("&")) {
            if (!pair.startsWith("X-Amz-Credential=")) continue;
            try {
                String[] scope = java.net.URLDecoder.decode(pair.substring(17), java.nio.charset.StandardCharsets.UTF_8).split("/");
                return scope.length == 5 ? Optional.of(new SigV4(scope[0], scope[1], scope[2], scope[3], null, null)) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
