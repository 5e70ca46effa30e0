package io.dockyard.loadbalancer;

import io.dockyard.core.AwsException;

/** The ELBv2 errors, with the codes and HTTP statuses of the service model. */
public final class ElbErrors {
    private ElbErrors() {}

    private static AwsException e(String code, String message) { return new AwsException(code, 400, message); }

    public static AwsException validation(String m) { return e("ValidationError", m); }
    public static AwsException loadBalancerNotFound() { return e("LoadBalancerNotFound", "One or more load balancers not found"); }
    public static AwsException targetGroupNotFound() { return e("TargetGroupNotFound", "One or more target groups not found"); }
    public static AwsException listenerNotFound() { return e("ListenerNotFound", "One or more listeners not found"); }
    public static AwsException ruleNotFound() { return e("RuleNotFound", "One or more rules not found"); }
    public static AwsException duplicateLoadBalancer(String name) { return e("DuplicateLoadBalancerName", "A load balancer with the same name '" + name + "' exists, but with different settings"); }
    public static AwsException duplicateTargetGroup(String name) { return e("DuplicateTargetGroupName", "A target group with the same name '" + name + "' exists, but with different settings"); }
    public static AwsException duplicateListener(String lbArn) { return e("DuplicateListener", "A listener already exists on this port for this load balancer '" + lbArn + "'"); }
    public static AwsException resourceInUse(String m) { return e("ResourceInUse", m); }
    public static AwsException priorityInUse(int p) { return e("PriorityInUse", "Priority '" + p + "' is currently in use"); }
    public static AwsException invalidTarget(String m) { return e("InvalidTarget", m); }
    public static AwsException invalidConfiguration(String m) { return e("InvalidConfigurationRequest", m); }
    public static AwsException invalidAction(String m) { return e("InvalidLoadBalancerAction", m); }
    public static AwsException incompatibleProtocols(String m) { return e("IncompatibleProtocols", m); }
    public static AwsException unsupportedProtocol(String m) { return e("UnsupportedProtocol", m); }
    public static AwsException operationNotPermitted(String m) { return e("OperationNotPermitted", m); }
    public static AwsException tooManyTags() { return e("TooManyTags", "You can add at most 50 tags to a resource"); }
    public static AwsException duplicateTagKeys(String key) { return e("DuplicateTagKeys", "Tag key '" + key + "' is duplicated"); }
}
