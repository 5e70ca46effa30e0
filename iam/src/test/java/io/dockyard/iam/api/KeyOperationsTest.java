package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.Principal;
import io.dockyard.store.CachedStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Access keys: the quota, status, deletion, the secret derived (not stored) and the root key bootstrap. */
class KeyOperationsTest extends IamHarness {

    @Test
    void createListUpdateDelete() {
        iam("CreateUser", "UserName", "ci");
        Map<String, Object> k = obj(iam("CreateAccessKey", "UserName", "ci"), "AccessKey");
        String id = (String) k.get("AccessKeyId");
        assertThat(id).matches("AKIA[A-Z0-9]{16}");
        assertThat((String) k.get("SecretAccessKey")).matches("[A-Za-z0-9+/]{40}");
        assertThat(k.get("Status")).isEqualTo("Active");
        assertThat(k.get("UserName")).isEqualTo("ci");

        assertThat(list(iam("ListAccessKeys", "UserName", "ci"), "AccessKeyMetadata")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("AccessKeyId", id).containsEntry("Status", "Active").doesNotContainKey("SecretAccessKey"));
        assertThat(iam.credential(id)).get().extracting(Credential::secretAccessKey).isEqualTo(k.get("SecretAccessKey"));
        assertThat(iam.credential(id).orElseThrow().principal().arn()).isEqualTo("arn:aws:iam::000000000000:user/ci");

        iam("UpdateAccessKey", "UserName", "ci", "AccessKeyId", id, "Status", "Inactive");
        assertThat(iam.credential(id)).isEmpty();
        assertThat(error(() -> iam("UpdateAccessKey", "UserName", "ci", "AccessKeyId", id, "Status", "Off")).code()).isEqualTo("ValidationError");
        iam("UpdateAccessKey", "UserName", "ci", "AccessKeyId", id, "Status", "Active");
        assertThat(iam.credential(id)).isPresent();

        iam("DeleteAccessKey", "UserName", "ci", "AccessKeyId", id);
        assertThat(iam.credential(id)).isEmpty();
        AwsException gone = error(() -> iam("DeleteAccessKey", "UserName", "ci", "AccessKeyId", id));
        assertThat(gone.code()).isEqualTo("NoSuchEntity");
        assertThat(gone.getMessage()).isEqualTo("The Access Key with id " + id + " cannot be found.");
    }

    @Test
    void twoKeysPerUser() {
        iam("CreateUser", "UserName", "ci");
        iam("CreateAccessKey", "UserName", "ci");
        iam("CreateAccessKey", "UserName", "ci");
        AwsException limit = error(() -> iam("CreateAccessKey", "UserName", "ci"));
        assertThat(limit.code()).isEqualTo("LimitExceeded");
        assertThat(limit.status()).isEqualTo(409);
        assertThat(limit.getMessage()).isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(error(() -> iam("CreateAccessKey", "UserName", "nobody")).code()).isEqualTo("NoSuchEntity");
    }

    @Test
    void aKeyOfAnotherUserIsNotFound() {
        String[] a = userWithKey("a");
        userWithKey("b");
        assertThat(error(() -> iam("DeleteAccessKey", "UserName", "b", "AccessKeyId", a[0])).code()).isEqualTo("NoSuchEntity");
        // without a UserName, the calling user's own keys
        assertThat(list(iamAs(a[0], "ListAccessKeys"), "AccessKeyMetadata")).extracting(m -> m.get("AccessKeyId")).containsExactly(a[0]);
    }

    @Test
    void theSecretIsRecomputedAfterARestartAndNeverStored() {
        String[] key = userWithKey("ci");
        Optional<Credential> root = iam.bootstrapRootKey();
        assertThat(root).isPresent();
        String rootSecret = root.get().secretAccessKey();
        var session = iam.assumeRoleAsService(role("task", TRUST_TASKS), "t1", Duration.ofHours(1));

        restart();
        assertThat(iam.credential(key[0]).orElseThrow().secretAccessKey()).isEqualTo(key[1]);
        assertThat(iam.credential(root.get().accessKeyId()).orElseThrow().secretAccessKey()).isEqualTo(rootSecret);
        Credential again = iam.credential(session.accessKeyId()).orElseThrow();
        assertThat(again.secretAccessKey()).isEqualTo(session.secretAccessKey());
        assertThat(again.sessionToken()).isEqualTo(session.sessionToken());

        String everything = String.join("\n", journal.load().rows().stream().map(CachedStore.Row::body).filter(b -> b != null).toList());
        assertThat(everything).contains(key[0]).doesNotContain(key[1]).doesNotContain(rootSecret)
                .doesNotContain(session.secretAccessKey()).doesNotContain(session.sessionToken());
    }

    @Test
    void anotherMasterKeyGivesOtherSecrets() {
        String[] key = userWithKey("ci");
        var other = io.dockyard.iam.Iam.start(store, io.dockyard.core.crypto.MasterKey.of(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), clock, ACCOUNT);
        assertThat(other.credential(key[0]).orElseThrow().secretAccessKey()).isNotEqualTo(key[1]);
    }

    @Test
    void theRootKeyIsMadeOnce() {
        Credential root = iam.bootstrapRootKey().orElseThrow();
        assertThat(root.accessKeyId()).startsWith("AKIA");
        assertThat(root.principal()).isEqualTo(Principal.root(ACCOUNT));
        assertThat(root.sessionToken()).isNull();
        assertThat(root.expiresAt()).isNull();
        assertThat(root.toString()).doesNotContain(root.secretAccessKey());
        assertThat(iam.bootstrapRootKey()).isEmpty();
        restart();
        assertThat(iam.bootstrapRootKey()).isEmpty();
        assertThat(iam.principal(root.accessKeyId())).isEqualTo(Principal.root(ACCOUNT));
        // the root lists its own keys
        assertThat(list(iamAs(root.accessKeyId(), "ListAccessKeys"), "AccessKeyMetadata")).extracting(m -> m.get("AccessKeyId")).containsExactly(root.accessKeyId());
        assertThat(obj(iam("GetAccountSummary"), "SummaryMap")).containsEntry("AccountAccessKeysPresent", 1);
    }

    @Test
    void unknownKeysAreTheRootAndHaveNoCredential() {
        assertThat(iam.principal("AKIAUNKNOWN000000000")).isEqualTo(Principal.root(ACCOUNT));
        assertThat(iam.credential("AKIAUNKNOWN000000000")).isEmpty();
        assertThat(iam.credential("ASIAUNKNOWN000000000")).isEmpty();
    }

    @Test
    void aDeletedUsersKeyHasNoCredential() {
        String[] key = userWithKey("ci");
        iam.keyUsed(key[0], "ecs", "eu-west-1");
        Map<String, Object> used = iam("GetAccessKeyLastUsed", "AccessKeyId", key[0]);
        assertThat(used.get("UserName")).isEqualTo("ci");
        assertThat(obj(used, "AccessKeyLastUsed")).containsEntry("ServiceName", "ecs").containsEntry("Region", "eu-west-1").containsKey("LastUsedDate");
        store.delete(io.dockyard.iam.model.IamKinds.USER, "ci");
        assertThat(iam.credential(key[0])).isEmpty();
    }

    private String role(String name, String trust) {
        return (String) obj(iam("CreateRole", "RoleName", name, "AssumeRolePolicyDocument", trust), "Role").get("Arn");
    }
}
