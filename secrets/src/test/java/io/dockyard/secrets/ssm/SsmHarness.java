package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.RequestContext;
import io.dockyard.secrets.kms.Keys;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parameter Store over a real KMS and an in-memory store, driven through its operations as the JSON handler drives them. */
abstract class SsmHarness {
    static final RequestContext CTX = new RequestContext("rid", "us-east-1", "AKID", "000000000000");
    static final String ARN_PREFIX = "arn:aws:ssm:us-east-1:000000000000:parameter/";
    final MemoryJournal journal = new MemoryJournal();
    final CachedStore store = new CachedStore(journal);
    final Keys keys = keys(store);
    final JsonService api = ParameterStoreApi.service(keys, "us-east-1", "000000000000");

    static Keys keys(CachedStore store) {
        return new Keys(store, MasterKey.of(new byte[32]), Clock.systemUTC(), "us-east-1", "000000000000");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(JsonService api, String op, Object... kv) {
        Map<String, Object> in = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) in.put((String) kv[i], kv[i + 1]);
        return (Map<String, Object>) api.operations().get(op).handle(in, CTX);
    }

    Map<String, Object> call(String op, Object... kv) { return call(api, op, kv); }

    /** The error an operation throws. */
    static AwsException error(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    AwsException error(String op, Object... kv) { return error(() -> call(op, kv)); }

    String code(String op, Object... kv) { return error(op, kv).code(); }

    void put(String name, String value, String type) { call("PutParameter", "Name", name, "Value", value, "Type", type); }

    void overwrite(String name, String value) { call("PutParameter", "Name", name, "Value", value, "Overwrite", true); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameter(Map<String, Object> answer) { return (Map<String, Object>) answer.get("Parameter"); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> answer, String member) { return (List<Map<String, Object>>) answer.get(member); }

    @SuppressWarnings("unchecked")
    static List<Object> strings(Map<String, Object> answer, String member) { return (List<Object>) answer.get(member); }

    static List<Object> names(Map<String, Object> answer, String member) { return items(answer, member).stream().map(m -> m.get("Name")).toList(); }

    static Map<String, Object> filter(String key, String option, String... values) {
        Map<String, Object> f = new HashMap<>();
        f.put("Key", key);
        if (option != null) f.put("Option", option);
        if (values.length > 0) f.put("Values", List.of(values));
        return f;
    }

    static Map<String, Object> tag(String key, String value) { return Map.of("Key", key, "Value", value); }
}
