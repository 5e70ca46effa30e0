package io.dockyard.iam.model;

import java.time.Instant;

/**
 * A user's console password (CreateLoginProfile): whose it is, when it was created, whether it must be changed before it
 * signs in, and the password only as a salted slow hash ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, base64), never
 * the password itself. Keyed like the user, by its name in lower case.
 */
public record LoginProfile(String userName, Instant createDate, boolean passwordResetRequired, String passwordHash) {
    public LoginProfile withPassword(String hash, boolean resetRequired) { return new LoginProfile(userName, createDate, resetRequired, hash); }

    public LoginProfile withUser(String name) { return new LoginProfile(name, createDate, passwordResetRequired, passwordHash); }

    @Override
    public String toString() { return "LoginProfile[" + userName + ", resetRequired=" + passwordResetRequired + "]"; }
}
