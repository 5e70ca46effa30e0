package io.dockyard.discovery.api;

import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Tag;
import io.dockyard.discovery.CloudMap;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Namespace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cloud Map output structures, tags, and NextToken/MaxResults pagination. */
final class Shapes {
    private Shapes() {}

    static Out namespace(CloudMap cm, Namespace n, boolean full) {
        Out props = Out.obj();
        if (n.dns()) props.with("DnsProperties", Out.obj().with("HostedZoneId", n.hostedZoneId()).with("SOA", Out.obj().with("TTL", n.soaTtl())));
        else props.with("HttpProperties", Out.obj().with("HttpName", n.name()));
        return Out.obj().with("Id", n.id()).with("Arn", n.arn()).with("Name", n.name()).with("Type", n.type())
                .with("Description", n.description())
                .with("ServiceCount", cm.store().list(DiscoveryKinds.SERVICE, s -> s.namespaceId().equals(n.id())).size())
                .with("Properties", props).with("CreateDate", n.createDate())
                .with("CreatorRequestId", full ? n.creatorRequestId() : null);
    }

    static Out service(CloudMap cm, DiscoveryService s, boolean full) {
        Out dns = null;
        if (!s.dnsRecords().isEmpty()) {
            List<Object> records = new ArrayList<>();
            s.dnsRecords().forEach((type, ttl) -> records.add(Out.obj().with("Type", type).with("TTL", ttl)));
            dns = Out.obj().with("NamespaceId", full ? s.namespaceId() : null).with("RoutingPolicy", s.routingPolicy()).with("DnsRecords", records);
        }
        return Out.obj().with("Id", s.id()).with("Arn", s.arn()).with("Name", s.name())
                .with("NamespaceId", full ? s.namespaceId() : null)
                .with("Type", s.type()).with("Description", s.description())
                .with("InstanceCount", cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id())).size())
                .with("DnsConfig", dns)
                .with("HealthCheckCustomConfig", s.customHealth() ? Out.obj().with("FailureThreshold", s.customHealthFailureThreshold()) : null)
                .with("CreateDate", s.createDate())
                .with("CreatorRequestId", full ? s.creatorRequestId() : null);
    }

    /** The Tags member: Key 1–128, Value up to 256, at most 50, no duplicate keys. */
    /** A string member of at most {@code max} characters (botocore's model), InvalidInput when it is another type or longer. */
    static String string(Map<String, Object> in, String key, int max) {
        Object v = in == null ? null : in.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw CloudMap.invalidInput(key + " must be a string");
        if (s.length() > max) throw CloudMap.invalidInput(key + " must be at most " + max + " characters");
        return s;
    }

    /** {@code Description} (ResourceDescription: a string of at most 1024 characters). */
    static String description(Map<String, Object> in) { return string(in, "Description", 1024); }

    /** A RecordTTL: a whole number of seconds in 0..2147483647. */
    static long ttl(Object v, String what) {
        boolean whole = v instanceof Integer || v instanceof Long || v instanceof Short
                || (v instanceof java.math.BigInteger b && b.bitLength() < 63);
        long n = whole ? ((Number) v).longValue() : -1;
        if (n < 0 || n > Integer.MAX_VALUE) throw CloudMap.invalidInput(what + " must be a whole number between 0 and 2147483647");
        return n;
    }

    /** Text without control characters and with every surrogate paired (tags reach DNS and the console). */
    static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) return false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static List<Tag> tags(Map<String, Object> in) {
        List<Tag> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> t : Doc.maps(in, "Tags")) {
            String k = string(t, "Key", 128);
            String v = string(t, "Value", 256);
            if (k == null || k.isEmpty() || v == null) throw CloudMap.invalidInput("Tag keys must be 1-128 and values 0-256 characters");
            if (!clean(k) || !clean(v)) throw CloudMap.invalidInput("Tag keys and values must not contain control characters or unpaired surrogates");
            if (!keys.add(k)) throw CloudMap.invalidInput("Duplicate tag key: " + k);
            out.add(new Tag(k, v));
        }
        if (out.size() > 50) throw new io.dockyard.core.AwsException("TooManyTagsException", 400, "A resource can have at most 50 tags");
        return out;
    }

    static <T> Pages<T> page(List<T> all, Map<String, Object> in, int limit) {
        Integer max = Doc.integer(in, "MaxResults");
        if (max != null && (max < 1 || max > limit)) throw CloudMap.invalidInput("MaxResults must be between 1 and " + limit);
        return Pages.slice(all, max == null ? limit : max, Doc.str(in, "NextToken"), () -> CloudMap.invalidInput("Invalid NextToken"));
    }

    /** Applies EQ/IN/BEGINS_WITH filter conditions on one value. */
    static boolean filter(String value, String condition, List<String> values) {
        String c = condition == null ? "EQ" : condition;
        return switch (c) {
            case "EQ" -> values.size() == 1 && values.get(0).equals(value);
            case "IN" -> values.contains(value);
            case "BEGINS_WITH" -> values.stream().anyMatch(v -> value != null && value.startsWith(v));
            default -> throw CloudMap.invalidInput("Filter condition " + c + " is not supported here");
        };
    }
}
