package io.dockyard.registry.bytes;

import java.util.regex.Pattern;

/** A content digest {@code algorithm:hex}; sha256 and sha512 are the supported algorithms. */
public record Digest(String algorithm, String hex) {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

    /** Parses a digest; null when the string is not a well-formed digest of a supported algorithm. */
    public static Digest parse(String s) {
        if (s == null || !GRAMMAR.matcher(s).matches()) return null;
        int colon = s.indexOf(':');
        String alg = s.substring(0, colon);
        String hex = s.substring(colon + 1);
        int len = switch (alg) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> -1;
        };
        if (hex.length() != len || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return null;
        return new Digest(alg, hex);
    }

    /** The JCA name of the algorithm. */
    public String jcaName() { return algorithm.equals("sha512") ? "SHA-512" : "SHA-256"; }

    @Override
    public String toString() { return algorithm + ":" + hex; }
}
