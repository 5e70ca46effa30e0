package io.dockyard.protocol.sigv4;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a request as the AWS SDKs do (header form, payload hashed, {@code host}, {@code x-amz-date}, the security token
 * and {@code x-amz-target}/{@code content-type} signed): what the agent sends the control plane in secure mode. Shares
 * the canonicalisation of {@link SigV4Verifier}, and is tested against it and the SDK's signer.
 */
public final class SigV4Signer {
    private SigV4Signer() {}

    /**
     * The headers to add to a request ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} when the key
     * has a token) for {@code method} on {@code rawPath}/{@code rawQuery} at {@code host}, with these other headers and body.
     */
    public static Map<String, String> sign(String method, String host, String rawPath, String rawQuery, Map<String, String> headers, byte[] body,
                                           Key key, String region, String service, Instant now) {
        String amzDate = AmzDate.format(now);
        String date = amzDate.substring(0, 8);
        Map<String, List<String>> all = new TreeMap<>();
        headers.forEach((k, v) -> all.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        all.put("host", List.of(host));
        all.put("x-amz-date", List.of(amzDate));
        if (key.sessionToken() != null) all.put("x-amz-security-token", List.of(key.sessionToken()));
        List<String> signed = new ArrayList<>(all.keySet());
        String canonicalQuery = rawQuery == null || rawQuery.isEmpty() ? "" : QueryString.canonical(QueryString.parse(rawQuery), null);
        String canonical = CanonicalRequest.build(method, CanonicalRequest.uri(rawPath), canonicalQuery, Headers.of(all), signed,
                Hashing.sha256Hex(body == null ? new byte[0] : body));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + Hashing.sha256Hex(canonical);
        String signature = Hashing.hex(Hashing.hmac(SigningKeys.derive(key.secretAccessKey(), date, region, service), toSign));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + key.accessKeyId() + "/" + scope + ", SignedHeaders=" + String.join(";", signed)
                + ", Signature=" + signature);
        out.put("X-Amz-Date", amzDate);
        if (key.sessionToken() != null) out.put("X-Amz-Security-Token", key.sessionToken());
        return out;
    }
}
