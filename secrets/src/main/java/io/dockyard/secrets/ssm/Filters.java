package io.dockyard.secrets.ssm;

import io.dockyard.protocol.JsonInput;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ParameterStringFilter lists of DescribeParameters (keys Name, Type, KeyId, Path, Tier, DataType and {@code tag:key})
 * and GetParametersByPath (Type, KeyId, Label), the deprecated ParametersFilter list of DescribeParameters (Name, Type,
 * KeyId), and how a parameter version matches them: every filter must match, any of a filter's values will do.
 */
final class Filters {
    private Filters() {}

    private static final String KEY_PATTERN = "tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType";
    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    static final List<String> TYPES = List.of(Parameter.STRING, Parameter.STRING_LIST, Parameter.SECURE_STRING);
    static final List<String> TIERS = List.of(Parameter.STANDARD, Parameter.ADVANCED, Parameter.INTELLIGENT_TIERING);
    static final String EQUALS = "Equals", BEGINS_WITH = "BeginsWith", CONTAINS = "Contains", ONE_LEVEL = "OneLevel", RECURSIVE = "Recursive";

    /** One filter: its key, its option (defaulted) and values (empty: a tag filter that only asks for the tag). */
    record Filter(String key, String option, List<String> values) {
        boolean label() { return "Label".equals(key); }

        /** Whether the version (of the parameter) matches. Label filters are applied by the caller, which picks the labelled version. */
        boolean test(Parameter p, Parameter.Version v) {
            return switch (key) {
                case "Name" -> matches(Names.qualified(p.name()), CONTAINS.equals(option) ? values : values.stream().map(Names::qualified).toList());
                case "Path" -> values.stream().anyMatch(path -> Names.under(p.name(), path, RECURSIVE.equals(option)));
                case "Type" -> matches(v.type(), values);
                case "KeyId" -> v.keyId() != null && matches(v.keyId(), values);
                case "Tier" -> matches(v.tier(), values);
                case "DataType" -> matches(v.dataType(), values);
                case "Label" -> v.labels().stream().anyMatch(values::contains);
                default -> {
                    String tag = key.substring(4);
                    yield p.tags().stream().anyMatch(t -> t.key().equals(tag) && (values.isEmpty() || matches(t.value(), values)));
                }
            };
        }

        private boolean matches(String what, List<String> vals) {
            if (what == null) return false;
            return switch (option) {
                case BEGINS_WITH -> vals.stream().anyMatch(what::startsWith);
                case CONTAINS -> vals.stream().anyMatch(what::contains);
                default -> vals.contains(what);
            };
        }
    }

    /** The ParameterFilters of a request, checked; {@code byPath}: GetParametersByPath's rules, else DescribeParameters'. */
    static List<Filter> parse(JsonInput in, boolean byPath) {
        List<JsonInput> raw = in.structs("ParameterFilters");
        List<Filter> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonInput f = raw.get(i);
            String at = "parameterFilters." + (i + 1) + ".member.";
            String key = f.str("Key"), option = f.str("Option");
            if (key == null) throw Errors.constraint(at + "key", null, "Member must not be null");
            if (key.length() > 132) throw Errors.constraint(at + "key", key, "Member must have length less than or equal to 132");
            if (!KEY.matcher(key).matches()) throw Errors.constraint(at + "key", key, "Member must satisfy regular expression pattern: " + KEY_PATTERN);
            if (option != null && (option.isEmpty() || option.length() > 10)) throw Errors.constraint(at + "option", option, "Member must have length between 1 and 10");
            List<String> values = f.has("Values") ? f.strings("Values") : null;
            if (values != null && (values.isEmpty() || values.size() > 50)) throw Errors.constraint(at + "values", values, "Member must have length between 1 and 50");
            if (values != null && values.stream().anyMatch(v -> v.isEmpty() || v.length() > 1024)) {
                throw Errors.constraint(at + "values", values, "Member must have length between 1 and 1024");
            }
            boolean tag = key.startsWith("tag:");
            if (byPath && !List.of("Type", "KeyId", "Label").contains(key)) {
                throw Errors.filterKey("The following filter key is not valid: " + key + ". Valid filter keys include: [Type, KeyId, Label].");
            }
            if (!byPath && "Label".equals(key)) {
                throw Errors.filterKey("The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag].");
            }
            if (!seen.add(key)) {
                throw Errors.filterKey("The following filter is duplicated in the request: " + key + ". A request can contain only one occurrence of a specific filter.");
            }
            if (values == null && !tag) throw Errors.filterValue("The following filter values are missing : null for filter key " + key + ".");
            out.add(new Filter(key, option(key, option), values == null ? List.of() : check(key, values)));
        }
        return out;
    }

    /** The option, defaulted (OneLevel for Path, Equals otherwise) and checked against the key. */
    private static String option(String key, String option) {
        if ("Path".equals(key)) {
            String o = option == null ? ONE_LEVEL : option;
            if (!o.equals(ONE_LEVEL) && !o.equals(RECURSIVE)) {
                throw Errors.filterOption("The following filter option is not valid: " + o + ". Valid options include: [Recursive, OneLevel].");
            }
            return o;
        }
        String o = option == null ? EQUALS : option;
        if ("Label".equals(key) && !o.equals(EQUALS)) {
            throw Errors.filterOption("The following filter option is not valid: " + o + ". Valid options include: [Equals].");
        }
        if ("Name".equals(key) && o.equals(CONTAINS)) return o;
        if (!o.equals(EQUALS) && !o.equals(BEGINS_WITH)) {
            throw Errors.filterOption("The following filter option is not valid: " + o + ". Valid options include: [BeginsWith, Equals"
                    + ("Name".equals(key) ? ", Contains" : "") + "].");
        }
        return o;
    }

    /** The values, checked for the keys whose values are an enum or a path. */
    private static List<String> check(String key, List<String> values) {
        List<String> allowed = "Type".equals(key) ? TYPES : "Tier".equals(key) ? TIERS : null;
        for (String v : values) {
            if (allowed != null && !allowed.contains(v)) {
                throw Errors.filterValue("The following filter value is not valid: " + v + ". Valid values include: " + allowed + ".");
            }
        }
        if (!"Path".equals(key)) return values;
        List<String> paths = new ArrayList<>();
        for (String v : values) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.startsWith("/aws") || lower.startsWith("/ssm")) {
                throw Errors.validation("Filters for common parameters can't be prefixed with \"aws\" or \"ssm\" (case-insensitive)."
                        + " When using global parameters, please specify within a global namespace.");
            }
            paths.add(Names.path(v));
        }
        return paths;
    }

    /** The deprecated Filters member of DescribeParameters: Name (begins with), Type and KeyId (equal). */
    static List<Filter> legacy(JsonInput in) {
        List<JsonInput> raw = in.structs("Filters");
        List<Filter> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = "filters." + (i + 1) + ".member.";
            String key = raw.get(i).str("Key");
            if (key == null) throw Errors.constraint(at + "key", null, "Member must not be null");
            if (!List.of("Name", "Type", "KeyId").contains(key)) throw Errors.constraint(at + "key", key, "Member must satisfy enum value set: [Name, Type, KeyId]");
            if (!raw.get(i).has("Values")) throw Errors.constraint(at + "values", null, "Member must not be null");
            List<String> values = raw.get(i).strings("Values");
            if (values.isEmpty() || values.size() > 50) throw Errors.constraint(at + "values", values, "Member must have length between 1 and 50");
            out.add(new Filter(key, "Name".equals(key) ? BEGINS_WITH : EQUALS, values));
        }
        return out;
    }
}
