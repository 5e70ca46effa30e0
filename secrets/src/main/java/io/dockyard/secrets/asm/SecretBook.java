package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Kind;
import io.dockyard.secrets.kms.Keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets in the store, found by name or ARN (full, or partial without the six-character suffix), and their values
 * sealed and opened through KMS with the context {@code SecretARN}/{@code SecretVersionId}. A secret whose recovery window
 * has passed is removed when next looked at.
 */
final class SecretBook {
    static final Kind<Secret> KIND = Kind.of("asm.secret", Secret.class, Secret::name);
    static final String DEFAULT_KEY = "alias/aws/secretsmanager";
    private static final String SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    final Keys keys;
    final String region, account;

    SecretBook(Keys keys, String region, String account) {
        this.keys = keys;
        this.region = region;
        this.account = account;
    }

    Instant now() { return keys.now(); }

    String newArn(String name) {
        StringBuilder b = new StringBuilder("arn:aws:secretsmanager:").append(region).append(':').append(account).append(":secret:").append(name).append('-');
        for (int i = 0; i < 6; i++) b.append(SUFFIX_CHARS.charAt(RANDOM.nextInt(SUFFIX_CHARS.length())));
        return b.toString();
    }

    /** The secret with this name, deleted or not; purged first if its recovery window has passed. */
    Optional<Secret> byName(String name) {
        Optional<Secret> s = keys.store().get(KIND, name);
        if (s.isPresent() && s.get().deleted() && !now().isBefore(s.get().deletionDate())) {
            keys.store().delete(KIND, name);
            return Optional.empty();
        }
        return s;
    }

    /** The secret a SecretId names, deleted or not; ResourceNotFoundException when there is none. */
    Secret find(String secretId) {
        if (secretId == null || secretId.isEmpty()) throw Errors.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        String prefix = "arn:aws:secretsmanager:" + region + ":" + account + ":secret:";
        if (secretId.startsWith("arn:")) {
            if (!secretId.startsWith(prefix)) throw Errors.notFound();
            String rest = secretId.substring(prefix.length());
            Optional<Secret> exact = byName(rest).filter(s -> s.arn().equals(secretId));
            if (exact.isPresent()) return exact.get();
            int dash = rest.lastIndexOf('-');
            if (dash > 0 && rest.length() - dash == 7) {
                Optional<Secret> full = byName(rest.substring(0, dash)).filter(s -> s.arn().equals(secretId));
                if (full.isPresent()) return full.get();
            }
            return byName(rest).orElseThrow(Errors::notFound);
        }
        return byName(secretId).orElseThrow(Errors::notFound);
    }

    /** The secret a SecretId names, which must not be scheduled for deletion. */
    Secret live(String secretId) {
        Secret s = find(secretId);
        if (s.deleted()) throw Errors.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
        return s;
    }

    List<Secret> all() { return keys.store().list(KIND).stream().filter(s -> byName(s.name()).isPresent()).toList(); }

    void put(Secret s) { keys.store().put(KIND, s); }

    void delete(Secret s) { keys.store().delete(KIND, s.name()); }

    /** A new version of {@code value} sealed under the secret's key. */
    Secret.Version seal(Secret s, String versionId, byte[] value, boolean binary, List<String> stages, String token) {
        String keyRef = s.kmsKeyId() == null ? DEFAULT_KEY : s.kmsKeyId();
        byte[] blob;
        try {
            blob = keys.encrypt(keyRef, value, context(s, versionId));
        } catch (AwsException e) {
            if ("NotFoundException".equals(e.code())) throw Errors.invalidParameter("ARN or alias for KMS key " + keyRef + " is not valid.");
            if ("DisabledException".equals(e.code()) || "KMSInvalidStateException".equals(e.code())) throw new AwsException("EncryptionFailure", 400, e.getMessage());
            throw e;
        }
        return new Secret.Version(versionId, stages, now(), blob, binary, keys.resolve(keyRef).arn(), null, token);
    }

    /** The plaintext of a version. */
    byte[] open(Secret s, Secret.Version v) {
        try {
            return keys.decrypt(v.ciphertext(), context(s, v.id())).plaintext();
        } catch (AwsException e) {
            throw new AwsException("DecryptionFailure", 400, "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
        }
    }

    String string(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    private static Map<String, String> context(Secret s, String versionId) {
        return Map.of("SecretARN", s.arn(), "SecretVersionId", versionId);
    }
}
