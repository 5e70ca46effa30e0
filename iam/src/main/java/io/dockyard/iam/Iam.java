package io.dockyard.iam;

import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.Store;
import io.dockyard.iam.api.Credentials;
import io.dockyard.iam.api.Directory;
import io.dockyard.iam.api.IamApi;
import io.dockyard.iam.api.LoginProfiles;
import io.dockyard.iam.api.StsOperations;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.QueryService;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The IAM module: the IAM and STS Query services over the store, and what the edge needs to authenticate and authorize a
 * request — the credential behind an access key id, the principal it acts for, its identity and session policies.
 * Secrets are never stored: they are derived from the master key (see {@link Credentials}), so the same store and master
 * key answer the same secrets after a restart.
 */
public final class Iam {
    /** The service principal task roles trust, which {@link #assumeRoleAsService} acts as. */
    public static final String ECS_TASKS = "ecs-tasks.amazonaws.com";

    private final Directory dir;
    private final Credentials credentials;
    private final StsOperations sts;
    private final LoginProfiles logins;
    private final QueryService iamService;
    private final QueryService stsService;

    private Iam(Store store, MasterKey master, Clock clock, String account) {
        this.dir = new Directory(store, master, clock, account);
        this.credentials = new Credentials(dir);
        this.sts = new StsOperations(dir, credentials);
        this.logins = new LoginProfiles(dir, credentials);
        this.iamService = IamApi.iam(dir, credentials);
        this.stsService = IamApi.sts(sts);
    }

    public static Iam start(Store store, MasterKey master, Clock clock, String account) { return new Iam(store, master, clock, account); }

    /** IAM (Query, 2010-05-08, signing name {@code iam}). */
    public QueryService iam() { return iamService; }

    /** STS (Query, 2011-06-15, signing name {@code sts}). */
    public QueryService sts() { return stsService; }

    public String account() { return dir.account(); }

    /**
     * What the edge needs to verify a request signed with accessKeyId: the secret, session token (null for long-term keys),
     * expiry (null: none), and who it is; empty when unknown, inactive, expired, or the user or role is gone.
     */
    public Optional<Credential> credential(String accessKeyId) { return credentials.credential(accessKeyId); }

    /** The principal of a key; a key Dockyard does not know (local mode accepts any) is the account root. */
    public Principal principal(String accessKeyId) { return credentials.principal(accessKeyId); }

    /** The identity policies of a principal (inline + attached managed policies of the user and its groups, or of the role for a role session), parsed. */
    public List<PolicyDocument> identityPolicies(Principal p) { return credentials.identityPolicies(p); }

    /** The session policy of a role session, or null. */
    public PolicyDocument sessionPolicy(String accessKeyId) { return credentials.sessionPolicy(accessKeyId); }

    /**
     * A console sign-in with a user's password (its login profile): session credentials ({@code ASIA…}) of that user for
     * {@code duration}, which act exactly as the user's access keys do. Refused with an {@link io.dockyard.core.AwsException}:
     * SignInFailed, the same for no such user, no login profile and a wrong password (after the same hashing work), or
     * PasswordResetRequired for the right password of a profile whose reset is required.
     */
    public Credential signIn(String userName, String password, Duration duration) { return logins.signIn(userName, password, duration); }

    /** Creates the root access key on first start (when none exists) and returns it with its secret, once; empty later. */
    public Optional<Credential> bootstrapRootKey() { return credentials.bootstrapRootKey(); }

    /**
     * Records that a request signed with a long-term key reached {@code service} in {@code region}, for
     * GetAccessKeyLastUsed (written at most every 5 minutes per key and service).
     */
    public void keyUsed(String accessKeyId, String service, String region) { credentials.used(accessKeyId, service, region); }

    /**
     * AssumeRole on behalf of the control plane itself (task roles): credentials of a session of {@code roleArn} named
     * {@code sessionName}, for {@code duration} (900 s to 12 h; not limited by the role's MaxSessionDuration, as ECS task
     * credentials are not). The role's trust policy must allow the service principal {@value #ECS_TASKS}: it is checked
     * with {@link io.dockyard.iam.policy.Evaluator#trusts} for {@link Principal#service} — no bypass. AccessDenied
     * (an {@link io.dockyard.core.AwsException}) otherwise.
     */
    public Credential assumeRoleAsService(String roleArn, String sessionName, Duration duration) {
        long seconds = Math.max(900, Math.min(43200, duration.toSeconds()));
        return sts.assume(Principal.service(ECS_TASKS, dir.account()), roleArn, sessionName, (int) seconds, null, List.of(), null, null, true).credential();
    }

    /** The trust policy of the role with this ARN (its name is the ARN's last path segment), or null when there is no such role. */
    public String trustPolicy(String roleArn) {
        if (roleArn == null || !roleArn.startsWith("arn:aws:iam::" + dir.account() + ":role/")) return null;
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return dir.findRole(name).filter(r -> r.arn().equals(roleArn)).map(io.dockyard.iam.model.Role::assumeRolePolicyDocument).orElse(null);
    }
}
