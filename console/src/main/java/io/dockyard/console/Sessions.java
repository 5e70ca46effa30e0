package io.dockyard.console;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.sigv4.Key;
import io.dockyard.protocol.sigv4.SigV4Signer;
import io.dockyard.protocol.sigv4.SignedRequest;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a browser is. Local mode: everyone on the edge is the local user (as any credentials are on the API). Secure mode:
 * a sign-in with an IAM user's name and password (the gate checks it against the user's login profile and answers a
 * caller with session credentials of that user), or with an access key — checked by the gate exactly as a signed API
 * call is (the console signs an STS GetCallerIdentity with it and has the gate authenticate that) — gives a session
 * cookie that lasts {@link #LIFETIME}.
 */
public final class Sessions {
    public static final String COOKIE = "dockyard-console";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15";

    private final Gate gate;
    private final boolean secure;
    private final String region;
    private final Clock clock;
    private final Session local;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Sessions(Gate gate, boolean secure, String region, Clock clock) {
        this.gate = gate;
        this.secure = secure;
        this.region = region;
        this.clock = clock;
        this.local = secure ? null : new Session("local", new Gate.Caller("console", region, null, null), random(), "local mode", Instant.MAX);
    }

    public boolean secure() { return secure; }

    /** The browser's session: the local one, or the one its cookie names while it lasts. */
    public Optional<Session> find(String cookie) {
        if (!secure) return Optional.of(local);
        if (cookie == null) return Optional.empty();
        Session s = sessions.get(cookie);
        if (s == null) return Optional.empty();
        if (s.expired(clock.instant())) {
            sessions.remove(cookie);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Signs in with an access key (and session token, for temporary credentials); throws the gate's error when it is refused. */
    public Session signIn(String accessKeyId, String secretAccessKey, String sessionToken, String sourceIp) {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new AwsException("IncompleteSignature", 400, "Enter an access key ID and its secret access key.");
        }
        Key key = new Key(accessKeyId.trim(), secretAccessKey.trim(), sessionToken == null || sessionToken.isBlank() ? null : sessionToken.trim(), null, null);
        byte[] body = STS_BODY.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        Map<String, String> signature = SigV4Signer.sign("POST", "console", "/", null, headers, body, key, region, "sts", clock.instant());
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        all.put("Host", List.of("console"));
        signature.forEach((k, v) -> all.put(k, List.of(v)));
        Gate.Caller caller = gate.authenticate(new SignedRequest("POST", "/", null, all, body), sourceIp, true);
        return open(caller, accessKeyId.trim());
    }

    /**
     * Signs in as an IAM user with its password (its login profile) in account {@code accountId} (empty: the one account);
     * throws the gate's error when it is refused — the same for a wrong account, user or password.
     */
    public Session signInWithPassword(String accountId, String userName, String password, String sourceIp) {
        if (userName == null || userName.isBlank() || password == null || password.isEmpty()) {
            throw new AwsException("IncompleteSignIn", 400, "Enter a user name and its password.");
        }
        Gate.Caller c = gate.signIn(accountId == null ? null : accountId.strip(), userName.strip(), password, sourceIp);
        return open(new Gate.Caller(c.accessKeyId(), region, c.principal(), c.sourceIp()), userName.strip());
    }

    private Session open(Gate.Caller caller, String who) {
        Session s = new Session(random(), caller, random(), who, clock.instant().plus(LIFETIME));
        sessions.put(s.id(), s);
        sessions.values().removeIf(old -> old.expired(clock.instant()));
        return s;
    }

    public void signOut(String cookie) { if (cookie != null) sessions.remove(cookie); }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
