package io.dockyard.iam.api;

import io.dockyard.iam.model.AccessKey;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.Session;
import io.dockyard.iam.model.User;
import io.dockyard.iam.policy.PolicyDocument;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access keys, STS sessions and the principals they act for. No secret is stored: a long-term key's secret is the base64
 * of {@code master.derive("iam-access-key:<id>:<nonce>")} cut to 40 characters, a session's secret the same with
 * {@code iam-session-key:}, and a session's token is 128 bytes derived with {@code iam-session-token:<id>:<nonce>:<i>}
 * (base64, 171 characters), of which the store keeps only the SHA-256. So a restart with the same store and master key
 * answers the same secrets, and the store alone reveals none. Expired sessions are removed when looked up, and at most
 * {@value #SWEEP} of them whenever a new one is issued.
 */
public final class Credentials {
    static final int SWEEP = 100;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PARSED_CACHE = 4096;
    private static final Duration USE_GRANULARITY = Duration.ofMinutes(5);

    private final Directory dir;
    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    public Credentials(Directory dir) { this.dir = dir; }

    // ---- secrets

    private String secret(String purpose, String id, String nonce) {
        return Base64.getEncoder().encodeToString(dir.master.derive(purpose + id + ":" + nonce)).substring(0, 40);
    }

    String secret(AccessKey k) { return secret("iam-access-key:", k.accessKeyId(), k.nonce()); }

    String secret(Session s) { return secret("iam-session-key:", s.accessKeyId(), s.nonce()); }

    String token(String id, String nonce) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) b.writeBytes(dir.master.derive("iam-session-token:" + id + ":" + nonce + ":" + i));
        return Base64.getEncoder().withoutPadding().encodeToString(b.toByteArray());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String nonce() {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    }

    /** A new active access key of the user (null: the account root); not stored yet. */
    AccessKey newKey(String userName) {
        return new AccessKey(Directory.newId("AKIA"), userName, AccessKey.ACTIVE, dir.now(), nonce(), null, null, null);
    }

    Credential credential(AccessKey k, Principal p) { return new Credential(k.accessKeyId(), secret(k), null, null, p); }

    // ---- principals

    Principal root() { return Principal.root(dir.account); }

    static Principal of(User u, String account) { return new Principal(Principal.Type.USER, u.arn(), u.userId(), account, u.name(), null, null); }

    Principal of(User u) { return of(u, dir.account); }

    /** The principal of a session of the role named {@code sessionName}. */
    Principal session(Role r, String sessionName) {
        return new Principal(Principal.Type.ASSUMED_ROLE, "arn:aws:sts::" + dir.account + ":assumed-role/" + r.name() + "/" + sessionName,
                r.roleId() + ":" + sessionName, dir.account, r.name(), r.arn(), sessionName);
    }

    static String roleName(String roleArn) { return roleArn.substring(roleArn.lastIndexOf('/') + 1); }

    /** Whether the user or role a principal stands for still exists (the same one: same id). */
    boolean exists(Principal p) {
        return switch (p.type()) {
            case ROOT, SERVICE -> true;
            case USER -> dir.findUser(p.name()).filter(u -> u.userId().equals(p.userId())).isPresent();
            case ASSUMED_ROLE -> dir.findRole(roleName(p.roleArn())).filter(r -> p.userId().startsWith(r.roleId() + ":")).isPresent();
        };
    }

    /** The principal of an access key; a key Dockyard does not know (local mode accepts any) is the account root. */
    public Principal principal(String accessKeyId) {
        if (accessKeyId == null) return root();
        if (accessKeyId.startsWith("ASIA")) {
            Optional<Session> s = liveSession(accessKeyId);
            if (s.isPresent()) return s.get().principal();
            return root();
        }
        AccessKey k = dir.store.get(IamKinds.ACCESS_KEY, accessKeyId).orElse(null);
        if (k == null || k.root()) return root();
        return dir.findUser(k.userName()).map(this::of).orElse(root());
    }

    /**
     * The user a request's {@code UserName} names (which must exist; its name as stored), else the calling user; the
     * account root is null when {@code rootAllowed}, and like a role session must name the user otherwise (ValidationError).
     */
    String userNamed(IamInput in, io.dockyard.protocol.RequestContext ctx, boolean rootAllowed) {
        String name = in.optionalName("UserName", 128);
        if (name != null) return dir.user(name).name();
        Principal caller = principal(ctx.accessKeyId());
        if (caller.type() == Principal.Type.USER) return caller.name();
        if (caller.type() == Principal.Type.ROOT && rootAllowed) return null;
        throw IamErrors.validation("Must specify userName when calling with non-User credentials");
    }

    private Optional<Session> liveSession(String id) {
        Session s = dir.store.get(IamKinds.SESSION, id).orElse(null);
        if (s == null) return Optional.empty();
        if (s.expired(dir.now())) {
            dir.store.delete(IamKinds.SESSION, id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** What verifies a request signed with the key: empty when unknown, inactive, expired, or its user or role is gone. */
    public Optional<Credential> credential(String accessKeyId) {
        if (accessKeyId == null) return Optional.empty();
        if (accessKeyId.startsWith("ASIA")) {
            return liveSession(accessKeyId).filter(s -> exists(s.principal())).flatMap(s -> {
                String token = token(s.accessKeyId(), s.nonce());
                if (!sha256(token).equals(s.tokenHash())) return Optional.empty();
                return Optional.of(new Credential(s.accessKeyId(), secret(s), token, s.expiration(), s.principal()));
            });
        }
        AccessKey k = dir.store.get(IamKinds.ACCESS_KEY, accessKeyId).orElse(null);
        if (k == null || !k.active()) return Optional.empty();
        if (k.root()) return Optional.of(credential(k, root()));
        return dir.findUser(k.userName()).map(u -> credential(k, of(u)));
    }

    /** Records that a request signed with the key reached {@code service} (written at most every 5 minutes per key). */
    public void used(String accessKeyId, String service, String region) {
        if (accessKeyId == null || !accessKeyId.startsWith("AKIA")) return;
        Instant now = dir.now();
        AccessKey k = dir.store.get(IamKinds.ACCESS_KEY, accessKeyId).orElse(null);
        if (k == null || k.lastUsedDate() != null && k.lastUsedDate().plus(USE_GRANULARITY).isAfter(now) && java.util.Objects.equals(service, k.lastUsedService())) return;
        dir.store.update(IamKinds.ACCESS_KEY, accessKeyId, old -> old.usedAt(now, service, region));
    }

    /** The root access key, made when the account has none; empty once one exists. */
    public Optional<Credential> bootstrapRootKey() {
        return dir.store.atomically(() -> {
            if (!dir.keysOf(null).isEmpty()) return Optional.<Credential>empty();
            AccessKey k = newKey(null);
            dir.store.put(IamKinds.ACCESS_KEY, k);
            return Optional.of(credential(k, root()));
        });
    }

    /** Issues session credentials acting as {@code p} for {@code duration}, restricted by the session policy JSON (null: none). */
    Credential issue(Principal p, Duration duration, String policy) {
        Instant now = dir.now();
        String id = Directory.newId("ASIA");
        String nonce = nonce();
        String token = token(id, nonce);
        Session s = new Session(id, nonce, sha256(token), now, now.plus(duration), p, policy);
        dir.store.put(IamKinds.SESSION, s);
        sweep(now);
        return new Credential(id, secret(s), token, s.expiration(), p);
    }

    private void sweep(Instant now) {
        List<Session> expired = dir.store.list(IamKinds.SESSION, s -> s.expired(now));
        expired.stream().limit(SWEEP).forEach(s -> dir.store.delete(IamKinds.SESSION, s.accessKeyId()));
    }

    // ---- policies

    PolicyDocument parse(String json) {
        PolicyDocument d = parsed.get(json);
        if (d != null) return d;
        d = PolicyDocument.parse(json, PolicyDocument.Use.IDENTITY);
        if (parsed.size() >= PARSED_CACHE) parsed.clear();
        parsed.put(json, d);
        return d;
    }

    /** The entities whose policies apply to the principal: the user and its groups, or the session's role. */
    List<PolicyHolder> holders(Principal p) {
        List<PolicyHolder> out = new ArrayList<>();
        switch (p.type()) {
            case USER -> dir.findUser(p.name()).filter(u -> u.userId().equals(p.userId())).ifPresent(u -> {
                out.add(u);
                out.addAll(dir.groupsOf(u.name()));
            });
            case ASSUMED_ROLE -> dir.findRole(roleName(p.roleArn())).filter(r -> p.userId().startsWith(r.roleId() + ":")).ifPresent(out::add);
            default -> { }
        }
        return out;
    }

    /** The identity policies of a principal: inline and attached managed policies of the user and its groups, or of the session's role. */
    public List<PolicyDocument> identityPolicies(Principal p) {
        List<PolicyDocument> out = new ArrayList<>();
        for (PolicyHolder h : holders(p)) out.addAll(policiesOf(h));
        return out;
    }

    /** The inline and attached policies of one entity, parsed. */
    List<PolicyDocument> policiesOf(PolicyHolder h) {
        List<PolicyDocument> out = new ArrayList<>();
        h.inlinePolicies().values().forEach(json -> out.add(parse(json)));
        for (String arn : h.attachedPolicies()) {
            try {
                out.add(parse(dir.policy(arn).document()));
            } catch (RuntimeException gone) {
                // a policy deleted under an attachment grants nothing
            }
        }
        return out;
    }

    /** The session policy of a role session, or null. */
    public PolicyDocument sessionPolicy(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith("ASIA")) return null;
        return liveSession(accessKeyId).map(Session::policy).map(this::parse).orElse(null);
    }

}
