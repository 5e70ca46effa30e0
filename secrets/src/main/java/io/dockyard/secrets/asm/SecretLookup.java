package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.secrets.kms.Keys;

/** What secure mode asks of Secrets Manager: a secret's full ARN (by name or ARN) and its resource policy. */
public final class SecretLookup {
    private final SecretBook book;

    public SecretLookup(Keys keys, String region, String account) { this.book = new SecretBook(keys, region, account); }

    /** The secret's ARN with its suffix; for a secret that does not exist, {@code …:secret:<name>} (or the ARN given). */
    public String arn(String secretId) {
        try {
            return book.find(secretId).arn();
        } catch (AwsException e) {
            return secretId.startsWith("arn:") ? secretId : "arn:aws:secretsmanager:" + book.region + ":" + book.account + ":secret:" + secretId;
        }
    }

    /**
     * The current SecretString of a secret (by name or ARN), for Dockyard's own use (ECR pull-through cache credentials);
     * null when there is no such secret or it is scheduled for deletion. A secret with only a binary value gives its bytes as UTF-8.
     */
    public String currentString(String secretId) {
        Secret s;
        try {
            s = book.find(secretId);
        } catch (AwsException e) {
            if ("ResourceNotFoundException".equals(e.code())) return null;
            throw e;
        }
        if (s.deleted()) return null;
        Secret.Version v = s.staged(Secret.CURRENT);
        return v == null ? null : book.string(book.open(s, v));
    }

    /** The resource policy of the secret with this ARN, or null. */
    public String policy(String arn) {
        try {
            return book.find(arn).policy();
        } catch (AwsException e) {
            return null;
        }
    }
}
