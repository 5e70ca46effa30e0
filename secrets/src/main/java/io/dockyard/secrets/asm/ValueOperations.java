package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** GetSecretValue, BatchGetSecretValue, PutSecretValue, UpdateSecretVersionStage, ListSecretVersionIds and GetRandomPassword. */
final class ValueOperations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretBook book;

    ValueOperations(SecretBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("GetSecretValue", this::get), NamedOperation.of("BatchGetSecretValue", this::batchGet),
                NamedOperation.of("PutSecretValue", this::put), NamedOperation.of("UpdateSecretVersionStage", this::stage),
                NamedOperation.of("ListSecretVersionIds", this::versions), NamedOperation.of("GetRandomPassword", this::password));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        return value(in.required("SecretId"), in.str("VersionId"), in.str("VersionStage"));
    }

    /** The value of one version of a secret, as GetSecretValue answers it; the day it was read is remembered. */
    Out value(String secretId, String versionId, String stage) {
        Secret s = book.live(secretId);
        Secret.Version v;
        if (versionId != null) {
            v = s.version(versionId);
            if (v == null || (stage != null && !v.has(stage))) {
                throw new AwsException("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
        } else {
            String st = stage == null ? Secret.CURRENT : stage;
            v = s.staged(st);
            if (v == null) throw new AwsException("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret value for staging label: " + st);
        }
        byte[] plain = book.open(s, v);
        Instant today = Wire.day(book.now());
        if (!today.equals(Wire.day(v.lastAccessedAt())) || !today.equals(Wire.day(s.lastAccessedAt()))) {
            String id = v.id();
            book.keys.store().update(SecretBook.KIND, s.name(), x -> x.version(id) == null ? x : x.accessed(today, id));
        }
        return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("VersionId", v.id())
                .with(v.binary() ? "SecretBinary" : "SecretString", v.binary() ? Base64.getEncoder().encodeToString(plain) : book.string(plain))
                .with("VersionStages", v.stages()).with("CreatedDate", v.createdAt());
    }

    private Object batchGet(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<String> ids = in.strings("SecretIdList");
        boolean byFilter = !in.structs("Filters").isEmpty();
        if (ids.isEmpty() == !byFilter) throw Errors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        Integer max = in.integer("MaxResults");
        if (max != null && !byFilter) throw Errors.invalidParameter("'MaxResults' is only allowed with 'Filters'.");
        if (ids.size() > 20) throw Errors.validation("secretIdList", ids, "Member must have length less than or equal to 20");
        List<Object> values = new ArrayList<>(), errors = new ArrayList<>();
        String next = null;
        if (byFilter) {
            List<SecretOperations.Filter> filters = in.structs("Filters").stream().map(SecretOperations.Filter::of).toList();
            List<Secret> all = book.all().stream().filter(s -> !s.deleted() && filters.stream().allMatch(f -> f.test(s))).toList();
            Pages<Secret> page = Pages.slice(all, max == null ? 20 : Math.min(20, max), in.str("NextToken"),
                    () -> new AwsException("InvalidNextTokenException", 400, "The NextToken value is invalid."));
            ids = page.items().stream().map(Secret::arn).toList();
            next = page.nextToken();
        }
        for (String id : ids) {
            try {
                values.add(value(id, null, null));
            } catch (AwsException e) {
                errors.add(Out.obj().with("SecretId", id).with("ErrorCode", e.code()).with("Message", e.getMessage()));
            }
        }
        return Out.obj().with("SecretValues", values).with("Errors", errors).with("NextToken", next);
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId");
        String token = Wire.token(in);
        Wire.Value value = Wire.value(in);
        if (value == null) throw Errors.invalidRequest("You must provide either SecretString or SecretBinary.");
        List<String> stages = in.has("VersionStages") ? in.strings("VersionStages") : List.of(Secret.CURRENT);
        if (stages.size() > 20) throw Errors.invalidParameter("The number of staging labels exceeds 20.");
        return book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            Secret.Version same = s.version(token);
            if (same != null) {
                if (!value.same(book.open(s, same), same.binary())) throw Errors.exists("You can't modify an existing version, you can only create a new version.");
                return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("VersionId", same.id()).with("VersionStages", same.stages());
            }
            Secret n = s.addVersion(book.seal(s, token, value.bytes(), value.binary(), stages, token), book.now());
            book.put(n);
            return Out.obj().with("ARN", n.arn()).with("Name", n.name()).with("VersionId", token).with("VersionStages", n.version(token).stages());
        });
    }

    private Object stage(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId"), stage = in.required("VersionStage");
        String from = in.str("RemoveFromVersionId"), to = in.str("MoveToVersionId");
        return book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            Secret.Version holder = s.staged(stage);
            if (to != null && s.version(to) == null) throw Errors.invalidParameter("The version " + to + " doesn't exist.");
            if (from != null && s.version(from) == null) throw Errors.invalidParameter("The version " + from + " doesn't exist.");
            if (holder != null && to != null && !holder.id().equals(to) && !holder.id().equals(from)) {
                throw Errors.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging label " + stage
                        + " is currently attached to version " + holder.id() + ", so you must explicitly reference that version in RemoveFromVersionId.");
            }
            if (holder != null && from != null && !holder.id().equals(from)) {
                throw Errors.invalidParameter("The staging label " + stage + " is not attached to version " + from + ".");
            }
            if (to == null && Secret.CURRENT.equals(stage)) throw Errors.invalidParameter("You can't remove the staging label AWSCURRENT; move it to another version instead.");
            book.put(s.moveStage(stage, to, book.now()));
            return Out.obj().with("ARN", s.arn()).with("Name", s.name());
        });
    }

    private Object versions(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Secret s = book.find(in.required("SecretId"));
        boolean deprecated = Boolean.TRUE.equals(in.bool("IncludeDeprecated"));
        Integer max = in.integer("MaxResults");
        if (max != null && (max < 1 || max > 100)) throw Errors.validation("maxResults", max, "Member must have value less than or equal to 100");
        List<Secret.Version> all = new ArrayList<>(s.versions().stream().filter(v -> deprecated || !v.stages().isEmpty()).toList());
        java.util.Collections.reverse(all);
        Pages<Secret.Version> page = Pages.slice(all, max == null ? 100 : max, in.str("NextToken"),
                () -> new AwsException("InvalidNextTokenException", 400, "The NextToken value is invalid."));
        return Out.obj().with("Versions", page.items().stream().map(v -> Out.obj().with("VersionId", v.id()).with("VersionStages", v.stages())
                        .with("LastAccessedDate", Wire.day(v.lastAccessedAt())).with("CreatedDate", v.createdAt()).with("KmsKeyIds", List.of(v.kmsKeyArn()))).toList())
                .with("NextToken", page.nextToken()).with("ARN", s.arn()).with("Name", s.name());
    }

    private Object password(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Integer length = in.integer("PasswordLength");
        int n = length == null ? 32 : length;
        if (n < 1 || n > 4096) throw Errors.invalidParameter("Password length must be between 1 and 4096.");
        String exclude = in.str("ExcludeCharacters") == null ? "" : in.str("ExcludeCharacters");
        List<String> groups = new ArrayList<>();
        if (!Boolean.TRUE.equals(in.bool("ExcludeLowercase"))) groups.add("abcdefghijklmnopqrstuvwxyz");
        if (!Boolean.TRUE.equals(in.bool("ExcludeUppercase"))) groups.add("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        if (!Boolean.TRUE.equals(in.bool("ExcludeNumbers"))) groups.add("0123456789");
        if (!Boolean.TRUE.equals(in.bool("ExcludePunctuation"))) groups.add("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
        if (Boolean.TRUE.equals(in.bool("IncludeSpace"))) groups.add(" ");
        groups = groups.stream().map(g -> g.chars().filter(c -> exclude.indexOf(c) < 0).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .filter(g -> !g.isEmpty()).toList();
        if (groups.isEmpty()) throw Errors.invalidParameter("The password has no characters left to choose from.");
        boolean each = !Boolean.FALSE.equals(in.bool("RequireEachIncludedType"));
        if (each && n < groups.size()) throw Errors.invalidParameter("The password length is too short to include every required character type.");
        String all = String.join("", groups);
        char[] out = new char[n];
        for (int i = 0; i < n; i++) out[i] = all.charAt(RANDOM.nextInt(all.length()));
        if (each) {
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < n; i++) slots.add(i);
            java.util.Collections.shuffle(slots, RANDOM);
            for (int g = 0; g < groups.size(); g++) out[slots.get(g)] = groups.get(g).charAt(RANDOM.nextInt(groups.get(g).length()));
        }
        return Out.obj().with("RandomPassword", new String(out));
    }
}
