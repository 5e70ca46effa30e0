package io.dockyard.secrets.kms;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A minimal KMS (JSON 1.1, target prefix {@code TrentService}): symmetric keys (CreateKey, DescribeKey, ListKeys,
 * Enable/DisableKey, Schedule/CancelKeyDeletion, tags), aliases (Create/Update/Delete/ListAliases) and Encrypt, Decrypt,
 * GenerateDataKey(WithoutPlaintext) with encryption contexts.
 */
public final class KmsApi {
    static final Pattern ALIAS = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");
    private final Keys keys;

    private KmsApi(Keys keys) { this.keys = keys; }

    public static JsonService service(Keys keys) {
        KmsApi k = new KmsApi(keys);
        return JsonService.of("TrentService", "kms", List.of(
                NamedOperation.of("CreateKey", k::create), NamedOperation.of("DescribeKey", k::describe), NamedOperation.of("ListKeys", k::list),
                NamedOperation.of("EnableKey", (in, c) -> k.state(in, KmsKey.ENABLED)), NamedOperation.of("DisableKey", (in, c) -> k.state(in, KmsKey.DISABLED)),
                NamedOperation.of("ScheduleKeyDeletion", k::schedule), NamedOperation.of("CancelKeyDeletion", k::cancel),
                NamedOperation.of("Encrypt", k::encrypt), NamedOperation.of("Decrypt", k::decrypt),
                NamedOperation.of("GenerateDataKey", (in, c) -> k.dataKey(in, true)), NamedOperation.of("GenerateDataKeyWithoutPlaintext", (in, c) -> k.dataKey(in, false)),
                NamedOperation.of("CreateAlias", k::createAlias), NamedOperation.of("UpdateAlias", k::updateAlias), NamedOperation.of("DeleteAlias", k::deleteAlias),
                NamedOperation.of("ListAliases", k::listAliases), NamedOperation.of("TagResource", k::tag), NamedOperation.of("UntagResource", k::untag),
                NamedOperation.of("ListResourceTags", k::listTags)));
    }

    static Out metadata(KmsKey k, String account) {
        return Out.obj().with("AWSAccountId", account).with("KeyId", k.keyId()).with("Arn", k.arn()).with("CreationDate", k.createdAt())
                .with("Enabled", KmsKey.ENABLED.equals(k.state())).with("Description", k.description()).with("KeyUsage", "ENCRYPT_DECRYPT")
                .with("KeyState", k.state()).with("DeletionDate", k.deletionDate()).with("Origin", "AWS_KMS").with("KeyManager", k.manager())
                .with("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT").with("KeySpec", "SYMMETRIC_DEFAULT").with("EncryptionAlgorithms", List.of("SYMMETRIC_DEFAULT"))
                .with("MultiRegion", false);
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String spec = in.str("KeySpec") != null ? in.str("KeySpec") : in.str("CustomerMasterKeySpec");
        if (spec != null && !spec.equals("SYMMETRIC_DEFAULT")) throw new AwsException("UnsupportedOperationException", 400, "Dockyard's KMS makes SYMMETRIC_DEFAULT keys only, not " + spec + ".");
        String usage = in.str("KeyUsage");
        if (usage != null && !usage.equals("ENCRYPT_DECRYPT")) throw new AwsException("UnsupportedOperationException", 400, "Dockyard's KMS keys are for ENCRYPT_DECRYPT only.");
        String origin = in.str("Origin");
        if (origin != null && !origin.equals("AWS_KMS")) throw new AwsException("UnsupportedOperationException", 400, "Dockyard's KMS makes AWS_KMS origin keys only.");
        String description = in.str("Description");
        if (description != null && description.length() > 8192) throw in.constraint("Description", "***", "Member must have length less than or equal to 8192");
        KmsKey k = keys.create(description, "CUSTOMER", tags(in, "Tags"));
        return Out.obj().with("KeyMetadata", metadata(k, ctx.account()));
    }

    private static Map<String, String> tags(JsonInput in, String member) {
        Map<String, String> t = new LinkedHashMap<>();
        for (JsonInput x : in.structs(member)) {
            String key = x.required("TagKey");
            if (key.length() > 128 || key.startsWith("aws:")) throw new AwsException("TagException", 400, "Invalid tag key: " + key);
            String value = x.str("TagValue");
            if (value == null || value.length() > 256) throw new AwsException("TagException", 400, "Tag values must be 0 to 256 characters.");
            t.put(key, value);
        }
        return t;
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("KeyMetadata", metadata(keys.resolve(new JsonInput(input).required("KeyId")), ctx.account()));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Pages<KmsKey> page = page(keys.list(), in);
        return Out.obj().with("Keys", page.items().stream().map(k -> Out.obj().with("KeyId", k.keyId()).with("KeyArn", k.arn())).toList())
                .with("NextMarker", page.nextToken()).with("Truncated", page.nextToken() != null);
    }

    private static <T> Pages<T> page(List<T> all, JsonInput in) {
        Integer limit = in.integer("Limit");
        if (limit != null && (limit < 1 || limit > 1000)) throw in.constraint("Limit", limit, "Member must have value between 1 and 1000");
        return Pages.slice(all, limit == null ? 100 : limit, in.str("Marker"), () -> new AwsException("InvalidMarkerException", 400, "Invalid marker."));
    }

    private KmsKey customer(String ref) {
        KmsKey k = keys.resolve(ref);
        if (k.awsManaged()) throw new AwsException("AccessDeniedException", 400, "You cannot change an AWS managed key: " + k.arn());
        return k;
    }

    private Object state(Map<String, Object> input, String state) {
        KmsKey k = customer(new JsonInput(input).required("KeyId"));
        if (KmsKey.PENDING_DELETION.equals(k.state())) throw new AwsException("KMSInvalidStateException", 400, k.arn() + " is pending deletion.");
        keys.put(k.withState(state, null));
        return Out.obj();
    }

    private Object schedule(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        KmsKey k = customer(in.required("KeyId"));
        Integer days = in.integer("PendingWindowInDays");
        if (days != null && (days < 7 || days > 30)) throw in.constraint("PendingWindowInDays", days, "Member must have value between 7 and 30");
        if (KmsKey.PENDING_DELETION.equals(k.state())) throw new AwsException("KMSInvalidStateException", 400, k.arn() + " is pending deletion.");
        KmsKey d = k.withState(KmsKey.PENDING_DELETION, keys.now().plus(Duration.ofDays(days == null ? 30 : days)));
        keys.put(d);
        return Out.obj().with("KeyId", d.arn()).with("DeletionDate", d.deletionDate()).with("KeyState", d.state()).with("PendingWindowInDays", days == null ? 30 : days);
    }

    private Object cancel(Map<String, Object> input, RequestContext ctx) {
        KmsKey k = customer(new JsonInput(input).required("KeyId"));
        if (!KmsKey.PENDING_DELETION.equals(k.state())) throw new AwsException("KMSInvalidStateException", 400, k.arn() + " is not pending deletion.");
        keys.put(k.withState(KmsKey.DISABLED, null));
        return Out.obj().with("KeyId", k.arn());
    }

    private static byte[] blob(JsonInput in, String member) {
        try {
            return Base64.getDecoder().decode(in.required(member));
        } catch (IllegalArgumentException e) {
            throw new AwsException("SerializationException", 400, member + " is not valid base64.");
        }
    }

    private Object encrypt(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String ref = in.required("KeyId");
        byte[] plain = blob(in, "Plaintext");
        if (plain.length > 4096) throw in.constraint("Plaintext", "***", "Member must have length less than or equal to 4096");
        algorithm(in);
        byte[] ct = keys.encrypt(ref, plain, in.stringMap("EncryptionContext"));
        return Out.obj().with("CiphertextBlob", Base64.getEncoder().encodeToString(ct)).with("KeyId", keys.resolve(ref).arn())
                .with("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private static void algorithm(JsonInput in) {
        String a = in.str("EncryptionAlgorithm");
        if (a != null && !a.equals("SYMMETRIC_DEFAULT")) throw new AwsException("InvalidKeyUsageException", 400, "The encryption algorithm " + a + " is not supported by symmetric keys.");
    }

    private Object decrypt(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        algorithm(in);
        Keys.Decrypted d = keys.decrypt(blob(in, "CiphertextBlob"), in.stringMap("EncryptionContext"));
        if (in.str("KeyId") != null && !keys.resolve(in.str("KeyId")).keyId().equals(d.key().keyId())) {
            throw new AwsException("IncorrectKeyException", 400, "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        return Out.obj().with("KeyId", d.key().arn()).with("Plaintext", Base64.getEncoder().encodeToString(d.plaintext())).with("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private Object dataKey(Map<String, Object> input, boolean plaintext) {
        JsonInput in = new JsonInput(input);
        String ref = in.required("KeyId");
        String spec = in.str("KeySpec");
        Integer bytes = in.integer("NumberOfBytes");
        if (spec != null && bytes != null) throw new AwsException("ValidationException", 400, "Please specify either number of bytes or key spec.");
        int n = bytes != null ? bytes : "AES_128".equals(spec) ? 16 : 32;
        if (spec != null && !spec.equals("AES_128") && !spec.equals("AES_256")) throw in.constraint("KeySpec", spec, "Member must satisfy enum value set: [AES_256, AES_128]");
        if (n < 1 || n > 1024) throw in.constraint("NumberOfBytes", n, "Member must have value between 1 and 1024");
        Keys.DataKey k = keys.generateDataKey(ref, n, in.stringMap("EncryptionContext"));
        return Out.obj().with("CiphertextBlob", Base64.getEncoder().encodeToString(k.blob()))
                .with("Plaintext", plaintext ? Base64.getEncoder().encodeToString(k.plaintext()) : null).with("KeyId", k.key().arn());
    }

    private Object createAlias(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = aliasName(in.required("AliasName"));
        KmsKey target = customer(in.required("TargetKeyId"));
        keys.store().atomically(() -> {
            if (keys.alias(name).isPresent()) throw new AwsException("AlreadyExistsException", 400, "An alias with the name " + keys.aliasArn(name) + " already exists");
            keys.putAlias(new KmsAlias(name, keys.aliasArn(name), target.keyId(), keys.now(), keys.now()));
        });
        return Out.obj();
    }

    private static String aliasName(String name) {
        if (!ALIAS.matcher(name).matches()) throw new AwsException("ValidationException", 400, "1 validation error detected: Value '" + name
                + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        if (name.startsWith("alias/aws/")) throw new AwsException("NotAuthorizedException", 400, "Cannot create, update or delete aliases beginning with alias/aws/.");
        return name;
    }

    private Object updateAlias(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = aliasName(in.required("AliasName"));
        KmsKey target = customer(in.required("TargetKeyId"));
        keys.store().atomically(() -> {
            KmsAlias a = keys.alias(name).orElseThrow(() -> Keys.notFound("Alias " + keys.aliasArn(name) + " is not found."));
            keys.putAlias(a.retarget(target.keyId(), keys.now()));
        });
        return Out.obj();
    }

    private Object deleteAlias(Map<String, Object> input, RequestContext ctx) {
        String name = aliasName(new JsonInput(input).required("AliasName"));
        if (keys.alias(name).isEmpty()) throw Keys.notFound("Alias " + keys.aliasArn(name) + " is not found.");
        keys.deleteAlias(name);
        return Out.obj();
    }

    private Object listAliases(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String keyId = in.str("KeyId") == null ? null : keys.resolve(in.str("KeyId")).keyId();
        List<KmsAlias> all = keys.aliases().stream().filter(a -> keyId == null || a.targetKeyId().equals(keyId)).toList();
        Pages<KmsAlias> page = page(all, in);
        List<Out> out = new ArrayList<>();
        for (KmsAlias a : page.items()) {
            out.add(Out.obj().with("AliasName", a.name()).with("AliasArn", a.arn()).with("TargetKeyId", a.targetKeyId())
                    .with("CreationDate", a.createdAt()).with("LastUpdatedDate", a.updatedAt()));
        }
        return Out.obj().with("Aliases", out).with("NextMarker", page.nextToken()).with("Truncated", page.nextToken() != null);
    }

    private Object tag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        KmsKey k = customer(in.required("KeyId"));
        Map<String, String> t = new LinkedHashMap<>(k.tags());
        t.putAll(tags(in, "Tags"));
        if (t.size() > 50) throw new AwsException("LimitExceededException", 400, "A key can have at most 50 tags.");
        keys.put(k.withTags(t));
        return Out.obj();
    }

    private Object untag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        KmsKey k = customer(in.required("KeyId"));
        Map<String, String> t = new LinkedHashMap<>(k.tags());
        in.strings("TagKeys").forEach(t::remove);
        keys.put(k.withTags(t));
        return Out.obj();
    }

    private Object listTags(Map<String, Object> input, RequestContext ctx) {
        KmsKey k = keys.resolve(new JsonInput(input).required("KeyId"));
        return Out.obj().with("Tags", k.tags().entrySet().stream().map(e -> Out.obj().with("TagKey", e.getKey()).with("TagValue", e.getValue())).toList())
                .with("Truncated", false);
    }
}
