package io.dockyard.registry.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryTokensTest {
    @TempDir Path dir;
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private RegistryTokens tokens(Instant at) {
        return new RegistryTokens(RegistryTokens.loadOrCreateSecret(dir.resolve("secret")), "000000000000", Clock.fixed(at, ZoneOffset.UTC));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIssuedPasswordIsValidForTwelveHoursAcrossRestarts() {
        RegistryTokens.Issued issued = tokens(now).issue("AKIDTEST");
        assertThat(issued.expiresAt()).isEqualTo(now.plus(Duration.ofHours(12)));
        assertThat(new String(Base64.getDecoder().decode(issued.authorizationToken()), StandardCharsets.UTF_8)).isEqualTo("AWS:" + issued.password());
        assertThat(tokens(now.plusSeconds(3600)).validBasic(basic("AWS", issued.password()))).isTrue();
        assertThat(tokens(now.plus(Duration.ofHours(12)).plusSeconds(1)).valid(issued.password())).isFalse();
    }

    @Test
    void wrongUserTamperedPasswordOrAnotherSecretAreRefused() {
        String pw = tokens(now).issue("AKIDTEST").password();
        RegistryTokens t = tokens(now);
        assertThat(t.validBasic(basic("admin", pw))).isFalse();
        assertThat(t.valid(pw.replace(".000000000000.", ".111111111111."))).isFalse();
        assertThat(t.valid(pw.substring(0, pw.length() - 2) + "xx")).isFalse();
        assertThat(t.validBasic("Basic !!!")).isFalse();
        assertThat(t.validBasic(null)).isFalse();
        RegistryTokens other = new RegistryTokens(new byte[32], "000000000000", Clock.fixed(now, ZoneOffset.UTC));
        assertThat(other.valid(pw)).isFalse();
    }

    @Test
    void aPasswordNamesTheKeyItWasIssuedToAndCannotBeMovedToAnother() {
        RegistryTokens t = tokens(now);
        String pw = t.issue("AKIAPUSHER").password();
        assertThat(t.caller(pw)).contains("AKIAPUSHER");
        assertThat(t.basicCaller(basic("AWS", pw))).contains("AKIAPUSHER");
        String other = t.issue("AKIAOTHER").password();
        String[] a = pw.split("\\."), b = other.split("\\.");
        // the key id of one password with the signature of another
        assertThat(t.caller(String.join(".", a[0], a[1], a[2], b[3], a[4]))).isEmpty();
    }
}
