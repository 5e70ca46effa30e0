package io.dockyard.loadbalancer.api;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.Out;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ELB security policies an HTTPS listener accepts, by the TLS versions each allows (what the data plane
 * enforces; the cipher suites are the JDK's defaults for those versions, and the JDK refuses TLS 1.0 and 1.1).
 */
public final class SslPolicies {
    public static final String DEFAULT = "ELBSecurityPolicy-2016-08";
    private static final List<String> V10 = List.of("TLSv1", "TLSv1.1", "TLSv1.2");
    private static final List<String> V11 = List.of("TLSv1.1", "TLSv1.2");
    private static final List<String> V12 = List.of("TLSv1.2");
    private static final List<String> V13_10 = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> V13_11 = List.of("TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final List<String> V13_12 = List.of("TLSv1.2", "TLSv1.3");
    private static final List<String> V13 = List.of("TLSv1.3");

    private static final Map<String, List<String>> POLICIES = new LinkedHashMap<>();
    static {
        POLICIES.put("ELBSecurityPolicy-2016-08", V10);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-2-2021-06", V13_12);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", V13_12);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", V13_12);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", V13_12);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-1-2021-06", V13_11);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-0-2021-06", V13_10);
        POLICIES.put("ELBSecurityPolicy-TLS13-1-3-2021-06", V13);
        POLICIES.put("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", V12);
        POLICIES.put("ELBSecurityPolicy-TLS-1-2-2017-01", V12);
        POLICIES.put("ELBSecurityPolicy-TLS-1-1-2017-01", V11);
        POLICIES.put("ELBSecurityPolicy-TLS-1-0-2015-04", V10);
        POLICIES.put("ELBSecurityPolicy-FS-2018-06", V10);
        POLICIES.put("ELBSecurityPolicy-FS-1-1-2019-08", V11);
        POLICIES.put("ELBSecurityPolicy-FS-1-2-2019-08", V12);
        POLICIES.put("ELBSecurityPolicy-FS-1-2-Res-2019-08", V12);
        POLICIES.put("ELBSecurityPolicy-FS-1-2-Res-2020-10", V12);
        POLICIES.put("ELBSecurityPolicy-2015-05", V10);
    }

    private SslPolicies() {}

    /** The TLS versions of a policy (the default policy's for null). */
    public static List<String> protocols(String policy) { return POLICIES.getOrDefault(policy == null ? DEFAULT : policy, V10); }

    /** The policy named, checked: SSLPolicyNotFound when there is no such policy. */
    static String check(String name) {
        if (!POLICIES.containsKey(name)) throw new AwsException("SSLPolicyNotFound", 400, "SSL policy '" + name + "' not found");
        return name;
    }

    /** The SslPolicies of DescribeSSLPolicies: every policy, or the ones named (SSLPolicyNotFound for an unknown name). */
    static List<Out> describe(List<String> names) {
        List<String> wanted = names.isEmpty() ? List.copyOf(POLICIES.keySet()) : names.stream().map(SslPolicies::check).toList();
        return wanted.stream().map(n -> Out.obj().with("Name", n)
                .with("SslProtocols", POLICIES.get(n))
                .with("Ciphers", List.of())
                .with("SupportedLoadBalancerTypes", List.of("application"))).toList();
    }
}
