package io.dockyard.registry.bytes;

import java.util.regex.Pattern;

/** The names drivers accept: content keys ({@code algorithm:hex}) and staging ids; anything else could escape the store. */
final class Keys {
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+:[a-f0-9]{16,256}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Keys() {}

    /** The key, checked; IllegalArgumentException when it is not a content key. */
    static String key(String key) {
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("not a content key: " + key);
        return key;
    }

    /** The staging id, checked; IllegalArgumentException when it is not one. */
    static String id(String id) {
        if (!ID.matcher(id).matches() || id.equals(".") || id.equals("..")) throw new IllegalArgumentException("not a staging id: " + id);
        return id;
    }
}
