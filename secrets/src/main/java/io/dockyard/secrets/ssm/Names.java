package io.dockyard.secrets.ssm;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parameter names, paths, references and labels, checked as Parameter Store checks them. A name is letters, digits and
 * {@code _.-}, with {@code /} between the levels of a hierarchy; a hierarchical name is fully qualified (it starts with
 * {@code /}); {@code /x} and {@code x} are one parameter, whose ARN ends {@code parameter/x}. A reference (GetParameter)
 * is a name or its ARN, optionally followed by {@code :version} or {@code :label}.
 */
final class Names {
    private Names() {}

    static final int MAX_NAME = 2048, MAX_QUALIFIED = 1011, MAX_LEVELS = 15, MAX_LABEL = 100;
    private static final Pattern CHARS = Pattern.compile("[a-zA-Z0-9_.\\-/]+");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_.\\-]+");

    static final String BAD_NAME = "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths"
            + " divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";
    static final String RESERVED = "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).";
    /** AWS's wording, escaped quotes included. */
    static final String BAD_PATH = "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\"."
            + " It can't be prefixed with \\\"aws\\\" or \\\"ssm\\\" (case-insensitive). It must use only letters, numbers, or the following symbols:"
            + " . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash"
            + " symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

    /** A parameter named in a request, and the version number or label after its colon (null: the latest version). */
    record Ref(String name, String selector) {}

    /** The store key of a name: the name without its leading slash (the ARN's resource part). */
    static String key(String name) { return name.startsWith("/") ? name.substring(1) : name; }

    /** The name as a path, with its leading slash. */
    static String qualified(String name) { return "/" + key(name); }

    /** Whether the name is well formed: valid characters, fully qualified if hierarchical, no empty level. */
    static boolean wellFormed(String name) {
        if (!CHARS.matcher(name).matches() || name.contains("//") || name.endsWith("/")) return false;
        return name.indexOf('/', 1) < 0 || name.startsWith("/");
    }

    /** The name of a parameter to create: trimmed and checked (reserved prefixes, characters, depth, length with the ARN prefix). */
    static String forCreate(String raw, String arnPrefix) {
        String name = raw.strip();
        if (name.length() > MAX_NAME) throw Errors.constraint("name", name, "Member must have length less than or equal to " + MAX_NAME);
        String lower = name.toLowerCase(Locale.ROOT);
        String bare = key(lower);
        if (bare.startsWith("aws") || bare.startsWith("ssm")) {
            boolean path = name.chars().filter(c -> c == '/').count() > 1;
            if (lower.startsWith("/aws") && path) throw Errors.accessDenied("No access to reserved parameter name: " + name + ".");
            throw Errors.validation(path ? BAD_NAME : RESERVED);
        }
        if (!wellFormed(name)) throw Errors.validation(BAD_NAME);
        if (name.chars().filter(c -> c == '/').count() > MAX_LEVELS) throw Errors.hierarchyLevels();
        if (arnPrefix.length() + key(name).length() > MAX_QUALIFIED) {
            throw Errors.validation("Parameter name: the name with its ARN prefix (" + arnPrefix + ") can have at most " + MAX_QUALIFIED + " characters.");
        }
        return name;
    }

    /** A name, ARN or {@code name:selector} of an existing parameter; ValidationException when malformed. */
    static Ref ref(String raw, String arnPrefix, boolean selectors) {
        String s = raw.strip();
        if (s.length() > MAX_NAME) throw Errors.constraint("name", s, "Member must have length less than or equal to " + MAX_NAME);
        if (s.startsWith("arn:")) {
            if (!s.startsWith(arnPrefix)) throw Errors.notFound();
            String resource = s.substring(arnPrefix.length());
            s = resource.contains("/") ? "/" + resource : resource;
        }
        String selector = null;
        int colon = s.indexOf(':');
        if (colon >= 0 && selectors) {
            selector = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (selector.isEmpty()) throw Errors.validation(BAD_NAME);
        }
        if (s.isEmpty() || !wellFormed(s)) throw Errors.validation(BAD_NAME);
        return new Ref(s, selector);
    }

    /** A GetParametersByPath path, without its trailing slash ({@code /} for the root). */
    static String path(String raw) {
        String p = raw.strip();
        if (!p.startsWith("/") || p.contains("//") || !CHARS.matcher(p).matches()) throw Errors.validation(BAD_PATH);
        if (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }

    /** Whether a parameter is in the hierarchy under {@code path}: directly, or at any depth when {@code recursive}. */
    static boolean under(String name, String path, boolean recursive) {
        if (!name.startsWith("/") && name.contains("/")) return false;
        String q = qualified(name);
        String prefix = "/".equals(path) ? "/" : path + "/";
        if (!q.startsWith(prefix) || q.length() == prefix.length()) return false;
        return recursive || q.indexOf('/', prefix.length()) < 0;
    }

    /** Whether a label may be attached: letters, digits and {@code _.-}, not starting with a digit, "aws" or "ssm". */
    static boolean validLabel(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        return LABEL.matcher(label).matches() && !Character.isDigit(label.charAt(0)) && !lower.startsWith("aws") && !lower.startsWith("ssm");
    }
}
