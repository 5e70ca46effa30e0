package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.LoginProfile;
import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.QueryXml;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Login profiles: the hash stored (never the password), the operations' validation and errors, DeleteConflict, renames, sign-in. */
class LoginProfilesTest extends IamHarness {
    static final String PASSWORD = "Harbour-Crane-7";

    @Test
    void hashesAreSaltedSlowAndCheckedExactly() {
        String a = Passwords.hash(PASSWORD), b = Passwords.hash(PASSWORD);
        assertThat(a).startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$").doesNotContain(PASSWORD).isNotEqualTo(b);
        assertThat(a.split("\\$")).hasSize(4);
        assertThat(Passwords.matches(PASSWORD, a)).isTrue();
        assertThat(Passwords.matches(PASSWORD, b)).isTrue();
        assertThat(Passwords.matches(PASSWORD + " ", a)).isFalse();
        assertThat(Passwords.matches("harbour-crane-7", a)).isFalse();
        assertThat(Passwords.matches("", a)).isFalse();
        assertThat(Passwords.matches(null, a)).isFalse();
        // no profile: hashed all the same, never a match
        assertThat(Passwords.matches(PASSWORD, null)).isFalse();
        // non-ASCII (Latin-1) passwords are hashed by their UTF-8 bytes, distinctly
        String latin = Passwords.hash("Größe-und-7");
        assertThat(Passwords.matches("Größe-und-7", latin)).isTrue();
        assertThat(Passwords.matches("Grosse-und-7", latin)).isFalse();
    }

    @Test
    void createGetUpdateDeleteStoreOnlyTheHash() {
        iam("CreateUser", "UserName", "ana");
        clock.now = Instant.parse("2026-03-02T08:00:00Z");
        Map<String, Object> p = obj(iam("CreateLoginProfile", "UserName", "ana", "Password", PASSWORD, "PasswordResetRequired", "true"), "LoginProfile");
        assertThat(p).containsEntry("UserName", "ana").containsEntry("CreateDate", clock.now).containsEntry("PasswordResetRequired", true);
        LoginProfile stored = store.get(IamKinds.LOGIN_PROFILE, "ana").orElseThrow();
        assertThat(stored.passwordHash()).doesNotContain(PASSWORD);
        assertThat(stored.toString()).doesNotContain(stored.passwordHash());

        assertThat(obj(iam("GetLoginProfile", "UserName", "ANA"), "LoginProfile")).containsEntry("UserName", "ana").containsEntry("PasswordResetRequired", true);
        iam("UpdateLoginProfile", "UserName", "ana", "PasswordResetRequired", "false");
        LoginProfile kept = store.get(IamKinds.LOGIN_PROFILE, "ana").orElseThrow();
        assertThat(kept.passwordHash()).isEqualTo(stored.passwordHash());
        assertThat(kept.passwordResetRequired()).isFalse();
        iam("UpdateLoginProfile", "UserName", "ana", "Password", "Another-Pass-8");
        assertThat(Passwords.matches("Another-Pass-8", store.get(IamKinds.LOGIN_PROFILE, "ana").orElseThrow().passwordHash())).isTrue();
        assertThat(obj(iam("GetLoginProfile", "UserName", "ana"), "LoginProfile").get("CreateDate")).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));

        // a restart reads it back from the journal
        restart();
        assertThat(obj(iam("GetLoginProfile", "UserName", "ana"), "LoginProfile")).containsEntry("PasswordResetRequired", false);

        iam("DeleteLoginProfile", "UserName", "ana");
        AwsException gone = error(() -> iam("GetLoginProfile", "UserName", "ana"));
        assertThat(gone.code()).isEqualTo("NoSuchEntity");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.getMessage()).isEqualTo("Login Profile for User ana cannot be found.");
        assertThat(error(() -> iam("DeleteLoginProfile", "UserName", "ana")).code()).isEqualTo("NoSuchEntity");
        assertThat(error(() -> iam("UpdateLoginProfile", "UserName", "ana", "Password", PASSWORD)).code()).isEqualTo("NoSuchEntity");
    }

    @Test
    void inputIsValidatedAsIamDoes() {
        iam("CreateUser", "UserName", "ana");
        AwsException noUser = error(() -> iam("CreateLoginProfile", "UserName", "nobody", "Password", PASSWORD));
        assertThat(noUser.code()).isEqualTo("NoSuchEntity");
        assertThat(noUser.getMessage()).isEqualTo("The user with name nobody cannot be found.");
        AwsException missing = error(() -> iam("CreateLoginProfile", "UserName", "ana"));
        assertThat(missing.code()).isEqualTo("ValidationError");
        assertThat(missing.getMessage()).contains("'password'").contains("must not be null");
        AwsException tooLong = error(() -> iam("CreateLoginProfile", "UserName", "ana", "Password", "Aa1-" + "x".repeat(125)));
        assertThat(tooLong.code()).isEqualTo("ValidationError");
        assertThat(tooLong.getMessage()).doesNotContain("xxxx");
        assertThat(error(() -> iam("CreateLoginProfile", "UserName", "ana", "Password", "Pass-wörd-€uro1")).code()).isEqualTo("ValidationError");
        assertThat(error(() -> iam("CreateLoginProfile", "UserName", "bad name", "Password", PASSWORD)).code()).isEqualTo("ValidationError");
        // root must name the user
        assertThat(error(() -> iam("CreateLoginProfile", "Password", PASSWORD)).getMessage()).contains("Must specify userName");

        for (String weak : new String[]{"Sh0rt!", "alllowercase", "lowercase-only", "UPPER123456", "Ana", "ana", "000000000000"}) {
            AwsException e = error(() -> iam("CreateLoginProfile", "UserName", "ana", "Password", weak));
            assertThat(e.code()).as(weak).isEqualTo("PasswordPolicyViolation");
            assertThat(e.status()).isEqualTo(400);
        }
        iam("CreateUser", "UserName", "Long-Name-1");
        assertThat(error(() -> iam("CreateLoginProfile", "UserName", "Long-Name-1", "Password", "long-name-1")).getMessage()).contains("user name");
        assertThat(store.get(IamKinds.LOGIN_PROFILE, "ana")).isEmpty();

        iam("CreateLoginProfile", "UserName", "ana", "Password", "Pass word 99");
        AwsException again = error(() -> iam("CreateLoginProfile", "UserName", "ana", "Password", PASSWORD));
        assertThat(again.code()).isEqualTo("EntityAlreadyExists");
        assertThat(again.status()).isEqualTo(409);
        assertThat(error(() -> iam("UpdateLoginProfile", "UserName", "ana", "Password", "short")).code()).isEqualTo("PasswordPolicyViolation");
        assertThat(error(() -> iam("UpdateLoginProfile", "Password", PASSWORD)).code()).isEqualTo("ValidationError");
    }

    @Test
    void deleteUserConflictsWhileAProfileExistsAndRenamesCarryIt() {
        iam("CreateUser", "UserName", "ana");
        iam("CreateLoginProfile", "UserName", "ana", "Password", PASSWORD);
        AwsException conflict = error(() -> iam("DeleteUser", "UserName", "ana"));
        assertThat(conflict.code()).isEqualTo("DeleteConflict");
        assertThat(conflict.getMessage()).isEqualTo("Cannot delete entity, must delete login profile first.");

        iam("UpdateUser", "UserName", "ana", "NewUserName", "anna");
        assertThat(obj(iam("GetLoginProfile", "UserName", "anna"), "LoginProfile")).containsEntry("UserName", "anna");
        assertThat(error(() -> iam("GetLoginProfile", "UserName", "ana")).code()).isEqualTo("NoSuchEntity");
        assertThat(iam.signIn("anna", PASSWORD, Duration.ofHours(1)).principal().arn()).isEqualTo("arn:aws:iam::000000000000:user/anna");

        iam("DeleteLoginProfile", "UserName", "anna");
        iam("DeleteUser", "UserName", "anna");
        assertThat(store.list(IamKinds.LOGIN_PROFILE)).isEmpty();
    }

    @Test
    void signInGivesTheUsersSessionAndRefusesAllFailuresAlike() {
        String[] key = userWithKey("ana");
        iam("CreateLoginProfile", "UserName", "ana", "Password", PASSWORD);
        iam("CreateUser", "UserName", "nopass");

        Credential c = iam.signIn("ana", PASSWORD, Duration.ofHours(12));
        assertThat(c.accessKeyId()).startsWith("ASIA");
        assertThat(c.expiresAt()).isEqualTo(clock.now.plus(Duration.ofHours(12)));
        assertThat(c.principal()).isEqualTo(iam.credential(key[0]).orElseThrow().principal());
        assertThat(iam.principal(c.accessKeyId()).arn()).isEqualTo("arn:aws:iam::000000000000:user/ana");
        assertThat(iam.credential(c.accessKeyId())).isPresent();
        assertThat(iam.identityPolicies(c.principal())).isEqualTo(iam.identityPolicies(iam.principal(key[0])));

        String[][] refused = {{"ana", PASSWORD + "x"}, {"ana", ""}, {"ana", null}, {"nobody", PASSWORD}, {"nopass", PASSWORD}, {"bad name", PASSWORD}, {null, PASSWORD}};
        for (String[] r : refused) {
            AwsException e = error(() -> iam.signIn(r[0], r[1], Duration.ofHours(1)));
            assertThat(e.code()).as(String.join("/", String.valueOf(r[0]), String.valueOf(r[1]))).isEqualTo("SignInFailed");
            assertThat(e.getMessage()).isEqualTo(LoginProfiles.SIGN_IN_REFUSED);
            assertThat(e.status()).isEqualTo(403);
        }

        iam("UpdateLoginProfile", "UserName", "ana", "PasswordResetRequired", "true");
        assertThat(error(() -> iam.signIn("ana", PASSWORD, Duration.ofHours(1))).code()).isEqualTo("PasswordResetRequired");
        assertThat(error(() -> iam.signIn("ana", "Wrong-Pass-1", Duration.ofHours(1))).code()).isEqualTo("SignInFailed");
    }

    @Test
    void changePasswordIsTheCallersOwnAndClearsAReset() {
        String[] key = userWithKey("ana");
        iam("CreateLoginProfile", "UserName", "ana", "Password", PASSWORD, "PasswordResetRequired", "true");
        assertThat(error(() -> iamAs(key[0], "ChangePassword", "OldPassword", "Not-It-123", "NewPassword", "Brand-New-9")).code()).isEqualTo("AccessDenied");
        assertThat(error(() -> iamAs(key[0], "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "weak")).code()).isEqualTo("PasswordPolicyViolation");
        assertThat(error(() -> iamAs(key[0], "ChangePassword", "OldPassword", PASSWORD)).code()).isEqualTo("ValidationError");
        assertThat(error(() -> iam("ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Brand-New-9")).code()).isEqualTo("InvalidUserType");

        iamAs(key[0], "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Brand-New-9");
        assertThat(obj(iamAs(key[0], "GetLoginProfile"), "LoginProfile")).containsEntry("UserName", "ana").containsEntry("PasswordResetRequired", false);
        assertThat(error(() -> iam.signIn("ana", PASSWORD, Duration.ofHours(1))).code()).isEqualTo("SignInFailed");
        assertThat(iam.signIn("ana", "Brand-New-9", Duration.ofHours(1)).principal().name()).isEqualTo("ana");
    }

    @Test
    void answersInIamsXml() {
        iam("CreateUser", "UserName", "ana");
        Object out = iam.iam().operations().get("CreateLoginProfile")
                .handle(QueryForm.parse("Action=CreateLoginProfile&UserName=ana&Password=" + PASSWORD + "&PasswordResetRequired=false"), ctx(ROOT));
        String xml = QueryXml.response("CreateLoginProfile", IamApi.IAM_XMLNS, out, "rid");
        assertThat(xml).contains("<CreateLoginProfileResult><LoginProfile><UserName>ana</UserName><CreateDate>2026-03-01T10:00:00Z</CreateDate>"
                + "<PasswordResetRequired>false</PasswordResetRequired></LoginProfile></CreateLoginProfileResult>").doesNotContain(PASSWORD);
    }
}
