package io.dockyard.acm;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An imported certificate as stored: the certificate and its chain as PEM, the private key (PKCS#8 DER) sealed with
 * AES-GCM under the master key and bound to the ARN, when it was imported and its tags (Key/Value maps, in order).
 */
public record StoredCertificate(String arn, String certificatePem, String chainPem, byte[] sealedKey, Instant importedAt,
                                List<Map<String, String>> tags) {
    public StoredCertificate {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    StoredCertificate withTags(List<Map<String, String>> t) { return new StoredCertificate(arn, certificatePem, chainPem, sealedKey, importedAt, t); }
}
