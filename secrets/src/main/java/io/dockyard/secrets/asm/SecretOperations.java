package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CreateSecret, UpdateSecret, DescribeSecret, ListSecrets, DeleteSecret, RestoreSecret, TagResource and UntagResource. */
final class SecretOperations {
    private final SecretBook book;

    SecretOperations(SecretBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("CreateSecret", this::create), NamedOperation.of("UpdateSecret", this::update),
                NamedOperation.of("DescribeSecret", this::describe), NamedOperation.of("ListSecrets", this::list),
                NamedOperation.of("DeleteSecret", this::delete), NamedOperation.of("RestoreSecret", this::restore),
                NamedOperation.of("TagResource", this::tag), NamedOperation.of("UntagResource", this::untag));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = Wire.name(in.required("Name"));
        String token = Wire.token(in);
        Wire.Value value = Wire.value(in);
        List<Map<String, String>> tags = Wire.merge(List.of(), Wire.tags(in));
        if (in.has("AddReplicaRegions") && !in.structs("AddReplicaRegions").isEmpty()) {
            throw Errors.invalidParameter("Dockyard runs one region: secrets cannot be replicated to other regions.");
        }
        String description = in.str("Description");
        if (description != null && description.length() > 2048) throw Errors.validation("description", "***", "Member must have length less than or equal to 2048");
        String kmsKeyId = in.str("KmsKeyId");
        return book.keys.store().atomically(() -> {
            Secret old = book.byName(name).orElse(null);
            if (old != null) {
                Secret.Version same = old.version(token);
                if (same != null && !old.deleted()) {
                    if (value != null && value.same(book.open(old, same), same.binary())) return created(old, same);
                    throw Errors.exists("You can't modify an existing version, you can only create a new version.");
                }
                if (old.deleted()) throw Errors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
                throw Errors.exists("The operation failed because the secret " + name + " already exists.");
            }
            Instant now = book.now();
            Secret s = new Secret(name, book.newArn(name), description, kmsKeyId, now, now, null, null, List.of(), tags, null);
            if (value != null) s = s.addVersion(book.seal(s, token, value.bytes(), value.binary(), List.of(Secret.CURRENT), token), now);
            else if (kmsKeyId != null) book.keys.resolve(kmsKeyId);
            book.put(s);
            return created(s, value == null ? null : s.version(token));
        });
    }

    private static Out created(Secret s, Secret.Version v) {
        return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("VersionId", v == null ? null : v.id());
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId");
        String token = Wire.token(in);
        Wire.Value value = Wire.value(in);
        return book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            Instant now = book.now();
            String kms = in.has("KmsKeyId") ? in.str("KmsKeyId") : s.kmsKeyId();
            if (in.has("KmsKeyId")) {
                try {
                    book.keys.resolve(kms);
                } catch (AwsException e) {
                    throw Errors.invalidParameter("ARN or alias for KMS key " + kms + " is not valid.");
                }
            }
            s = s.with(in.has("Description") ? in.str("Description") : s.description(), kms, now);
            String versionId = null;
            if (value != null) {
                Secret.Version same = s.version(token);
                if (same != null) {
                    if (!value.same(book.open(s, same), same.binary())) throw Errors.exists("You can't modify an existing version, you can only create a new version.");
                    versionId = same.id();
                } else {
                    s = s.addVersion(book.seal(s, token, value.bytes(), value.binary(), List.of(Secret.CURRENT), token), now);
                    versionId = token;
                }
            }
            book.put(s);
            return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("VersionId", versionId);
        });
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        return Wire.describe(book.find(new JsonInput(input).required("SecretId")), "VersionIdsToStages");
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Integer max = in.integer("MaxResults");
        if (max != null && (max < 1 || max > 100)) throw Errors.validation("maxResults", max, "Member must have value less than or equal to 100");
        boolean planned = Boolean.TRUE.equals(in.bool("IncludePlannedDeletion"));
        List<Filter> filters = new ArrayList<>();
        for (JsonInput f : in.structs("Filters")) filters.add(Filter.of(f));
        String order = in.str("SortOrder");
        if (order != null && !order.equals("asc") && !order.equals("desc")) throw Errors.validation("sortOrder", order, "Member must satisfy enum value set: [asc, desc]");
        Comparator<Secret> by = switch (in.str("SortBy") == null ? "created-date" : in.str("SortBy")) {
            case "created-date" -> Comparator.comparing(Secret::createdAt);
            case "name" -> Comparator.comparing(Secret::name);
            case "last-changed-date" -> Comparator.comparing(Secret::lastChangedAt);
            case "last-accessed-date" -> Comparator.comparing(s -> s.lastAccessedAt() == null ? Instant.EPOCH : s.lastAccessedAt());
            default -> throw Errors.validation("sortBy", in.str("SortBy"), "Member must satisfy enum value set: [created-date, last-accessed-date, last-changed-date, name]");
        };
        if ("desc".equals(order)) by = by.reversed();
        List<Secret> all = book.all().stream().filter(s -> planned || !s.deleted()).filter(s -> filters.stream().allMatch(f -> f.test(s))).sorted(by).toList();
        Pages<Secret> page = Pages.slice(all, max == null ? 100 : max, in.str("NextToken"),
                () -> new AwsException("InvalidNextTokenException", 400, "The NextToken value is invalid."));
        return Out.obj().with("SecretList", page.items().stream().map(s -> Wire.describe(s, "SecretVersionsToStages")).toList()).with("NextToken", page.nextToken());
    }

    /** A ListSecrets filter: prefix matches on a field; a value starting with {@code !} negates. */
    record Filter(String key, List<String> values) {
        static final List<String> KEYS = List.of("description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");

        static Filter of(JsonInput f) {
            String key = f.required("Key");
            if (!KEYS.contains(key)) throw Errors.validation("filters.1.member.key", key, "Member must satisfy enum value set: " + KEYS);
            List<String> values = f.strings("Values");
            if (values.isEmpty()) throw Errors.invalidParameter("Invalid filter values: a filter needs at least one value.");
            return new Filter(key, values);
        }

        boolean test(Secret s) {
            for (String v : values) {
                boolean negate = v.startsWith("!");
                String p = negate ? v.substring(1) : v;
                boolean hit = fields(s).stream().anyMatch(x -> x != null && x.toLowerCase(Locale.ROOT).startsWith(p.toLowerCase(Locale.ROOT)));
                if (negate != hit) return true;
            }
            return false;
        }

        private List<String> fields(Secret s) {
            List<String> out = new ArrayList<>();
            switch (key) {
                case "name" -> out.add(s.name());
                case "description" -> out.add(s.description());
                case "tag-key" -> s.tags().forEach(t -> out.add(t.get("Key")));
                case "tag-value" -> s.tags().forEach(t -> out.add(t.get("Value")));
                case "all" -> {
                    out.add(s.name());
                    out.add(s.description());
                    s.tags().forEach(t -> { out.add(t.get("Key")); out.add(t.get("Value")); });
                }
                default -> { }
            }
            return out;
        }
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId");
        Integer window = in.integer("RecoveryWindowInDays");
        boolean force = Boolean.TRUE.equals(in.bool("ForceDeleteWithoutRecovery"));
        if (force && window != null) throw Errors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        if (window != null && (window < 7 || window > 30)) {
            throw Errors.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        return book.keys.store().atomically(() -> {
            Secret s = book.find(id);
            Instant now = book.now();
            if (force) {
                book.delete(s);
                return Out.obj().with("ARN", s.arn()).with("Name", s.name()).with("DeletionDate", now);
            }
            if (s.deleted()) throw Errors.invalidRequest("You can't perform this operation on the secret because it was marked for deletion.");
            Secret d = s.withDeletion(now.plus(Duration.ofDays(window == null ? 30 : window)), now);
            book.put(d);
            return Out.obj().with("ARN", d.arn()).with("Name", d.name()).with("DeletionDate", d.deletionDate());
        });
    }

    private Object restore(Map<String, Object> input, RequestContext ctx) {
        String id = new JsonInput(input).required("SecretId");
        return book.keys.store().atomically(() -> {
            Secret s = book.find(id);
            if (s.deleted()) book.put(s = s.withDeletion(null, book.now()));
            return Out.obj().with("ARN", s.arn()).with("Name", s.name());
        });
    }

    private Object tag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId");
        List<Map<String, String>> tags = Wire.tags(in);
        book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            book.put(s.withTags(Wire.merge(s.tags(), tags), book.now()));
        });
        return Out.obj();
    }

    private Object untag(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String id = in.required("SecretId");
        List<String> keys = in.strings("TagKeys");
        book.keys.store().atomically(() -> {
            Secret s = book.live(id);
            book.put(s.withTags(s.tags().stream().filter(t -> !keys.contains(t.get("Key"))).toList(), book.now()));
        });
        return Out.obj();
    }
}
