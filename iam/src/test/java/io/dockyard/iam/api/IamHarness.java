package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.iam.Iam;
import io.dockyard.protocol.QueryService;
import io.dockyard.protocol.RequestContext;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Iam over an in-memory store with a settable clock, and calls shaped as the Query handler hands them over. */
class IamHarness {
    static final String ACCOUNT = "000000000000";
    /** A key Dockyard does not know: the account root in local mode. */
    static final String ROOT = "AKIAIOSFODNN7EXAMPLE";
    static final String TRUST_EC2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String TRUST_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT
            + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    static final String TRUST_TASKS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    final MemoryJournal journal = new MemoryJournal();
    final MutableClock clock = new MutableClock();
    final MasterKey master = MasterKey.of(new byte[32]);
    CachedStore store = new CachedStore(journal);
    Iam iam = Iam.start(store, master, clock, ACCOUNT);

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** A new Iam over a new store that reads the same journal, with the same master key: a restart. */
    void restart() {
        store = new CachedStore(journal);
        iam = Iam.start(store, master, clock, ACCOUNT);
    }

    static String policy(String statements) { return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"; }

    static Map<String, String> tag(String key, String value) { return Map.of("Key", key, "Value", value); }

    static RequestContext ctx(String accessKeyId) { return new RequestContext("rid", "us-east-1", accessKeyId, ACCOUNT); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(QueryService service, String op, String key, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) in.put((String) kv[i], kv[i + 1]);
        return (Map<String, Object>) service.operations().get(op).handle(in, ctx(key));
    }

    /** An IAM operation called by the account root. */
    Map<String, Object> iam(String op, Object... kv) { return call(iam.iam(), op, ROOT, kv); }

    /** An IAM operation called with the given access key. */
    Map<String, Object> iamAs(String key, String op, Object... kv) { return call(iam.iam(), op, key, kv); }

    Map<String, Object> sts(String key, String op, Object... kv) { return call(iam.sts(), op, key, kv); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String key) { return (Map<String, Object>) m.get(key); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String key) { return (List<Map<String, Object>>) m.get(key); }

    static AwsException error(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    /** Creates a user with an access key; returns {id, secret}. */
    String[] userWithKey(String name) {
        iam("CreateUser", "UserName", name);
        Map<String, Object> k = obj(iam("CreateAccessKey", "UserName", name), "AccessKey");
        return new String[]{(String) k.get("AccessKeyId"), (String) k.get("SecretAccessKey")};
    }
}
