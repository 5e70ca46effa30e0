package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.LoginProfile;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.model.User;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile (without a UserName
 * they act on the calling user), ChangePassword (the calling user's own, given the old one), and the password sign-in
 * that gives the user session credentials. Passwords are kept only as {@link Passwords} hashes; a new one must pass the
 * default password policy. Hashing is slow on purpose, so it is done outside the store's transactions.
 */
public final class LoginProfiles {
    /** The one answer to a sign-in refused, whatever was wrong (no such user, no password, the wrong password). */
    public static final String SIGN_IN_REFUSED = "Your authentication information is incorrect. Please try again.";

    private final Directory dir;
    private final Credentials credentials;

    public LoginProfiles(Directory dir, Credentials credentials) {
        this.dir = dir;
        this.credentials = credentials;
    }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateLoginProfile", this::create), NamedOperation.of("GetLoginProfile", this::get),
                NamedOperation.of("UpdateLoginProfile", this::update), NamedOperation.of("DeleteLoginProfile", this::delete),
                NamedOperation.of("ChangePassword", this::changePassword));
    }

    private Optional<LoginProfile> find(String userName) { return dir.store.get(IamKinds.LOGIN_PROFILE, IamKinds.key(userName)); }

    private LoginProfile profile(String userName) { return find(userName).orElseThrow(() -> IamErrors.noLoginProfile(userName)); }

    private static Out shape(LoginProfile p) {
        return Out.obj().with("LoginProfile", Out.obj().with("UserName", p.userName()).with("CreateDate", p.createDate())
                .with("PasswordResetRequired", p.passwordResetRequired()));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String user = credentials.userNamed(in, ctx, false);
        String password = Passwords.required(in, "Password");
        boolean reset = Boolean.TRUE.equals(in.bool("PasswordResetRequired"));
        if (find(user).isPresent()) throw IamErrors.exists("Login Profile for user " + user + " already exists.");
        Passwords.checkPolicy(password, user, dir.account);
        String hash = Passwords.hash(password);
        LoginProfile p = dir.store.atomically(() -> {
            User u = dir.user(user);
            if (find(u.name()).isPresent()) throw IamErrors.exists("Login Profile for user " + u.name() + " already exists.");
            LoginProfile created = new LoginProfile(u.name(), dir.now(), reset, hash);
            dir.store.put(IamKinds.LOGIN_PROFILE, created);
            return created;
        });
        return shape(p);
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        return shape(profile(credentials.userNamed(new IamInput(input), ctx, false)));
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String user = dir.user(in.name("UserName", 64)).name();
        String password = in.str("Password") == null ? null : Passwords.required(in, "Password");
        Boolean reset = in.bool("PasswordResetRequired");
        profile(user);
        String hash = null;
        if (password != null) {
            Passwords.checkPolicy(password, user, dir.account);
            hash = Passwords.hash(password);
        }
        String newHash = hash;
        dir.store.atomically(() -> {
            LoginProfile p = profile(user);
            dir.store.put(IamKinds.LOGIN_PROFILE, p.withPassword(newHash == null ? p.passwordHash() : newHash,
                    reset == null ? p.passwordResetRequired() : reset));
        });
        return Out.obj();
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String user = credentials.userNamed(new IamInput(input), ctx, false);
        dir.store.atomically(() -> {
            profile(user);
            dir.store.delete(IamKinds.LOGIN_PROFILE, IamKinds.key(user));
        });
        return Out.obj();
    }

    /** The calling IAM user's own password: the old one must match; the new one must pass the policy; a required reset is done. */
    private Object changePassword(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String old = Passwords.required(in, "OldPassword");
        String next = Passwords.required(in, "NewPassword");
        Principal caller = credentials.principal(ctx.accessKeyId());
        if (caller.type() != Principal.Type.USER) throw IamErrors.invalidUserType("Only IAM users can change their own password with ChangePassword.");
        LoginProfile p = profile(caller.name());
        if (!Passwords.matches(old, p.passwordHash())) throw IamErrors.accessDenied("The old password is incorrect.");
        Passwords.checkPolicy(next, caller.name(), dir.account);
        String hash = Passwords.hash(next);
        dir.store.atomically(() -> dir.store.put(IamKinds.LOGIN_PROFILE, profile(caller.name()).withPassword(hash, false)));
        return Out.obj();
    }

    /**
     * A console sign-in: session credentials of the user for {@code duration} when the password is its login profile's.
     * A wrong password, a user without a login profile and no such user are refused alike ({@link #SIGN_IN_REFUSED}, after
     * the same hashing work); a right password whose reset is required is refused with PasswordResetRequired.
     */
    public Credential signIn(String userName, String password, Duration duration) {
        Optional<User> user = userName == null || userName.isEmpty() || userName.length() > 64 || !IamInput.NAME.matcher(userName).matches()
                ? Optional.empty() : dir.findUser(userName);
        Optional<LoginProfile> p = user.flatMap(u -> find(u.name()));
        if (!Passwords.matches(password, p.map(LoginProfile::passwordHash).orElse(null)) || user.isEmpty()) {
            throw new AwsException("SignInFailed", 403, SIGN_IN_REFUSED);
        }
        if (p.get().passwordResetRequired()) {
            throw new AwsException("PasswordResetRequired", 403, "The password of " + user.get().name() + " must be changed before it signs in: "
                    + "change it with ChangePassword (aws iam change-password, signed with the user's access key), or have an administrator "
                    + "set a new one with UpdateLoginProfile --no-password-reset-required.");
        }
        return credentials.issue(credentials.of(user.get()), duration, null);
    }
}
