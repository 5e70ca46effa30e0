package io.dockyard.loadbalancer;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** ELBv2 ARNs in AWS's formats: loadbalancer/app/NAME/ID, targetgroup/NAME/ID, listener/…/ID, listener-rule/…/ID. */
public record ElbArns(String region, String account) {
    private String prefix() { return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":"; }

    public String loadBalancer(String arnType, String name, String id) { return prefix() + "loadbalancer/" + arnType + "/" + name + "/" + id; }
    public String targetGroup(String name, String id) { return prefix() + "targetgroup/" + name + "/" + id; }

    public static String listener(String loadBalancerArn, String id) { return loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + id; }
    public static String rule(String listenerArn, String id) { return listenerArn.replace(":listener/", ":listener-rule/") + "/" + id; }

    /** The 16-hex-digit id AWS puts at the end of ELB ARNs. */
    public static String newId() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The kind of an ELB ARN: loadbalancer, targetgroup, listener, listener-rule (or null). */
    public static String kind(String arn) {
        if (arn == null || !arn.startsWith("arn:") ) return null;
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[2].equals("elasticloadbalancing")) return null;
        int slash = parts[5].indexOf('/');
        return slash < 0 ? null : parts[5].substring(0, slash);
    }
}
