package io.dockyard.registry.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * ECR registry passwords, verifiable without state: {@code v1.<account>.<expiry epoch s>.<HMAC-SHA256>}
 * signed with a per-installation secret kept in the data directory ({@code registry/secret}, 0600).
 * GetAuthorizationToken hands out base64("AWS:" + password); {@code docker login -u AWS} sends it back.
 */
public final class RegistryTokens {
    public static final Duration VALIDITY = Duration.ofHours(12);
    public static final String USER = "AWS";

    private final byte[] secret;
    private final String account;
    private final Clock clock;

    public RegistryTokens(byte[] secret, String account, Clock clock) {
        this.secret = secret.clone();
        this.account = account;
        this.clock = clock;
    }

    /** Reads the installation secret, creating it (atomically, owner-only) on first use. */
    public static byte[] loadOrCreateSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), "secret", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX filesystem
                }
                Files.write(tmp, fresh);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] s = Files.readAllBytes(file);
            if (s.length < 16) throw new IllegalStateException("registry secret " + file + " is too short");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A password valid until {@code now + 12 h}, for the holder of {@code accessKeyId} (what it may do is theirs to do). */
    public Issued issue(String accessKeyId) {
        Instant expires = clock.instant().plus(VALIDITY);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(accessKeyId).getBytes(StandardCharsets.UTF_8));
        String payload = "v2." + account + "." + expires.getEpochSecond() + "." + key;
        return new Issued(payload + "." + sign(payload), Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /** A password and when it expires. */
    public record Issued(String password, Instant expiresAt) {
        /** ECR's authorizationToken: base64 of {@code AWS:<password>}. */
        public String authorizationToken() {
            return Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether the password is one of ours, for this account, and not expired. */
    public boolean valid(String password) { return caller(password).isPresent(); }

    /** The access key id a valid, unexpired password of ours was issued to; empty otherwise. */
    public Optional<String> caller(String password) {
        if (password == null) return Optional.empty();
        int last = password.lastIndexOf('.');
        if (last < 0) return Optional.empty();
        String payload = password.substring(0, last);
        String[] parts = payload.split("\\.");
        if (parts.length != 4 || !parts[0].equals("v2") || !parts[1].equals(account)) return Optional.empty();
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, password.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) return Optional.empty();
        try {
            if (!Instant.ofEpochSecond(Long.parseLong(parts[2])).isAfter(clock.instant())) return Optional.empty();
            return Optional.of(new String(Base64.getUrlDecoder().decode(parts[3]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The caller of an {@code Authorization: Basic ...} header (user AWS, a valid password); empty otherwise. */
    public Optional<String> basicCaller(String header) { return basicPassword(header).flatMap(this::caller); }

    /** Checks an {@code Authorization: Basic ...} header: user AWS and a valid password. */
    public boolean validBasic(String header) {
        return basicPassword(header).map(this::valid).orElse(false);
    }

    static Optional<String> basicPassword(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(USER)) return Optional.empty();
        return Optional.of(decoded.substring(colon + 1));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
