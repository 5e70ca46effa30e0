package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * PutParameter, DeleteParameter and DeleteParameters. A put on an existing parameter needs Overwrite and adds a version;
 * what it leaves out (Type, Description, AllowedPattern, KeyId, Tier, DataType) it keeps from the latest version.
 */
final class WriteOperations {
    static final int STANDARD_MAX = 4096, ADVANCED_MAX = 8192;
    private static final Pattern NESTED = Pattern.compile("\\{\\{.*}}", Pattern.DOTALL);
    private static final Pattern KEY_ID = Pattern.compile("[a-zA-Z0-9:/_-]+");
    private static final Pattern AMI = Pattern.compile("ami-[a-zA-Z0-9]{8,17}");

    private final ParameterBook book;

    WriteOperations(ParameterBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutParameter", this::put), NamedOperation.of("DeleteParameter", this::delete),
                NamedOperation.of("DeleteParameters", this::deleteMany));
    }

    /** A PutParameter request, read and checked before the store is looked at. */
    private record Put(String name, String value, String type, boolean overwrite, String description, String keyId, String allowedPattern,
                       List<Parameter.Tag> tags, String tier, String dataType) {}

    private Put read(JsonInput in) {
        String name = Names.forCreate(Wire.required(in, "Name"), book.arnPrefix());
        String value = in.str("Value");
        if (value == null) throw Errors.constraint("value", null, "Member must not be null");
        if (value.isEmpty()) throw Errors.sensitive("value", "Member must have length greater than or equal to 1");
        String type = Wire.oneOf(in, "Type", List.of(Parameter.SECURE_STRING, Parameter.STRING_LIST, Parameter.STRING));
        boolean overwrite = Wire.flag(in, "Overwrite");
        String description = Wire.bounded(in, "Description", 1024);
        String keyId = in.str("KeyId");
        if (keyId != null && (keyId.isEmpty() || keyId.length() > 256)) throw Errors.constraint("keyId", keyId, "Member must have length between 1 and 256");
        if (keyId != null && !KEY_ID.matcher(keyId).matches()) throw Errors.constraint("keyId", keyId, "Member must satisfy regular expression pattern: ^([a-zA-Z0-9:/_-]+)$");
        String allowedPattern = Wire.bounded(in, "AllowedPattern", 1024);
        List<Parameter.Tag> tags = Wire.tags(in, "Tags");
        String tier = Wire.oneOf(in, "Tier", Filters.TIERS);
        String policies = Wire.bounded(in, "Policies", 4096);
        if (policies != null && !policies.isBlank() && !policies.replaceAll("\\s", "").equals("[]")) {
            throw new AwsException("InvalidPolicyTypeException", 400, "Dockyard does not support parameter policies (Expiration, ExpirationNotification, NoChangeNotification).");
        }
        String dataType = Wire.bounded(in, "DataType", 128);
        if (dataType != null && !dataType.equals(Parameter.TEXT) && !dataType.equals(Parameter.EC2_IMAGE)) {
            throw Errors.validation("The following data type is not supported: " + dataType + " (Data type names are all lowercase.)");
        }
        if (overwrite && !tags.isEmpty()) {
            throw Errors.validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag."
                    + " To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        }
        if (NESTED.matcher(value).find()) throw Errors.validation("Parameter value can't nest another parameter. Do not use \"{{}}\" in the value.");
        if (allowedPattern != null) {
            try {
                Pattern.compile(allowedPattern);
            } catch (PatternSyntaxException e) {
                throw Errors.invalidAllowedPattern(e.getDescription());
            }
        }
        return new Put(name, value, type, overwrite, description, keyId, allowedPattern, tags, tier, dataType);
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        Put r = read(new JsonInput(input));
        return book.store().atomically(() -> {
            Parameter old = book.get(r.name()).orElse(null);
            if (old != null && !r.overwrite()) throw Errors.exists();
            Parameter.Version last = old == null ? null : old.latest();
            String type = r.type() != null ? r.type() : last != null ? last.type() : null;
            if (type == null) throw Errors.validation("A parameter type is required when you create a parameter.");
            boolean secure = Parameter.SECURE_STRING.equals(type);
            if (r.keyId() != null && !secure) throw Errors.validation("KeyId can be specified only for parameters of type SecureString.");
            String description = r.description() != null ? r.description() : last == null ? null : last.description();
            String pattern = r.allowedPattern() != null ? r.allowedPattern() : last == null ? null : last.allowedPattern();
            String dataType = r.dataType() != null ? r.dataType() : last == null ? Parameter.TEXT : last.dataType();
            checkValue(r.value(), type, pattern, dataType);
            String tier = tier(r.tier(), last == null ? null : last.tier(), r.value());
            String keyId = !secure ? null : r.keyId() != null ? r.keyId() : last != null && last.secure() ? last.keyId() : ParameterBook.DEFAULT_KEY;
            String name = old != null ? old.name() : r.name();
            List<Parameter.Version> kept = new ArrayList<>(old == null ? List.of() : old.versions());
            if (kept.size() >= Parameter.MAX_VERSIONS) {
                Parameter.Version oldest = kept.get(0);
                if (!oldest.labels().isEmpty()) throw Errors.maxVersions(name, oldest.number());
                kept.remove(0);
            }
            byte[] blob = secure ? book.seal(name, keyId, r.value(), ctx) : null;
            Parameter.Version v = new Parameter.Version(last == null ? 1 : last.number() + 1, type, secure ? null : r.value(), blob, keyId, description,
                    pattern, tier, dataType, book.now(), book.user(), List.of());
            Parameter base = old != null ? old : new Parameter(name, type, tier, dataType, description, pattern, keyId, r.tags(), List.of());
            book.put(base.append(v, kept));
            return Out.obj().with("Version", v.number()).with("Tier", tier);
        });
    }

    /** The value against the parameter's AllowedPattern and DataType. */
    private static void checkValue(String value, String type, String pattern, String dataType) {
        if (pattern != null && !pattern.isEmpty() && !Pattern.compile(pattern).matcher(value).matches()) throw Errors.patternMismatch(pattern);
        if (Parameter.EC2_IMAGE.equals(dataType)) {
            if (!Parameter.STRING.equals(type)) throw Errors.validation("The aws:ec2:image data type is supported only for String parameters.");
            if (!AMI.matcher(value).matches()) {
                throw Errors.validation("The parameter value " + value + " isn't a valid AMI ID for the aws:ec2:image data type (for example ami-12345abcdeEXAMPLE).");
            }
        }
    }

    /**
     * The tier the version is stored in: as asked (Intelligent-Tiering: Advanced only for a value over 4096 characters),
     * else the parameter's, else Standard. An advanced parameter stays advanced; the value must fit its tier.
     */
    static String tier(String asked, String was, String value) {
        boolean advanced = Parameter.ADVANCED.equals(was);
        String tier;
        if (asked == null) tier = was != null ? was : Parameter.STANDARD;
        else if (Parameter.INTELLIGENT_TIERING.equals(asked)) tier = advanced || value.length() > STANDARD_MAX ? Parameter.ADVANCED : Parameter.STANDARD;
        else tier = asked;
        if (advanced && Parameter.STANDARD.equals(tier)) {
            throw Errors.validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the"
                    + " standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");
        }
        if (Parameter.STANDARD.equals(tier) && value.length() > STANDARD_MAX) {
            throw Errors.validation("Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value,"
                    + " upgrade the parameter to use the advanced-parameter tier.");
        }
        if (value.length() > ADVANCED_MAX) throw Errors.validation("Advanced tier parameters support a maximum parameter value of 8192 characters.");
        return tier;
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = Wire.required(new JsonInput(input), "Name");
        return book.store().atomically(() -> {
            book.delete(book.find(name));
            return Out.obj();
        });
    }

    private Object deleteMany(Map<String, Object> input, RequestContext ctx) {
        List<String> names = Wire.list(new JsonInput(input), "Names", 1, 10);
        return book.store().atomically(() -> {
            List<String> deleted = new ArrayList<>(), invalid = new ArrayList<>();
            for (String n : new LinkedHashSet<>(names)) {
                try {
                    book.delete(book.find(n));
                    deleted.add(n);
                } catch (AwsException e) {
                    invalid.add(n);
                }
            }
            return Out.obj().with("DeletedParameters", deleted).with("InvalidParameters", invalid);
        });
    }
}
