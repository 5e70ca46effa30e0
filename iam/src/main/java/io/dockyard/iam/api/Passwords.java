package io.dockyard.iam.api;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Console passwords: hashed with PBKDF2-HMAC-SHA256 ({@value #ITERATIONS} iterations, a random 16-byte salt, 32 bytes out),
 * stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64), compared in constant time; and IAM's checks of a new
 * password — the model's (1 to 128 characters of tab, line feed, carriage return and U+0020–U+00FF: ValidationError) and
 * the default password policy's (PasswordPolicyViolation): at least 8 characters, at least three of upper-case letters,
 * lower-case letters, digits and symbols, and neither the user's name nor the account ID.
 */
final class Passwords {
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int ITERATIONS = 600_000;
    static final int MIN_LENGTH = 8, MAX_LENGTH = 128;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16, HASH_BITS = 256;
    private static final Pattern ALLOWED = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** A hash of a password never set, compared against when the user or its profile does not exist (so as to take as long). */
    private static final class Absent {
        static final String HASH = hash("no such login profile " + RANDOM.nextLong());
    }

    /** A new salted hash of the password. */
    static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    private static String hash(String password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * Whether the password is the one {@code stored} was made from. {@code stored} null (no such user or profile): the
     * password is hashed all the same, against a hash no password matches, and the answer is false — as slow as a real check.
     */
    static boolean matches(String password, String stored) {
        String[] parts = (stored == null ? Absent.HASH : stored).split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) throw new IllegalStateException("not a password hash");
        byte[] salt = Base64.getDecoder().decode(parts[2]), expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password == null || password.isEmpty() ? "\u0000" : password, salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(actual, expected) && stored != null && password != null && !password.isEmpty();
    }

    /** A required password member as the model constrains it (its value is never repeated in the message). */
    static String required(IamInput in, String member) {
        String s = in.required(member);
        String at = "1 validation error detected: Value at '" + IamErrors.lowerFirst(member) + "' failed to satisfy constraint: Member ";
        if (s.length() > MAX_LENGTH) throw IamErrors.validation(at + "must have length less than or equal to " + MAX_LENGTH);
        if (!ALLOWED.matcher(s).matches()) throw IamErrors.validation(at + "must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
        return s;
    }

    /** The default password policy, for the user {@code userName} of {@code account}: PasswordPolicyViolation when it is broken. */
    static void checkPolicy(String password, String userName, String account) {
        if (password.length() < MIN_LENGTH) throw IamErrors.passwordPolicy("Password should have a minimum length of " + MIN_LENGTH);
        int kinds = (password.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 1 : 0) + (password.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 1 : 0)
                + (password.chars().anyMatch(c -> c >= '0' && c <= '9') ? 1 : 0)
                + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
        if (kinds < 3) throw IamErrors.passwordPolicy("Password should have at least three of: upper-case letters, lower-case letters, numbers, symbols");
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.equals(userName.toLowerCase(Locale.ROOT)) || password.equals(account)) throw IamErrors.passwordPolicy("Password should not be the user name or the account ID");
    }
}
