package io.dockyard.protocol;

import java.util.LinkedHashMap;

/**
 * A map member of a response (not a structure): JSON and CBOR write it as an object like any map, the
 * Query protocol as {@code <entry><key>k</key><value>v</value></entry>} items.
 */
public final class XmlMap extends LinkedHashMap<String, Object> {}
