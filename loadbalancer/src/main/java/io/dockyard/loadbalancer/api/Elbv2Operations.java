package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryService;
import io.dockyard.loadbalancer.Elbv2;

import java.util.ArrayList;
import java.util.List;

/** The ELBv2 Query service (signing name {@code elasticloadbalancing}, version 2015-12-01) with every supported operation. */
public final class Elbv2Operations {
    public static final String SIGNING_NAME = "elasticloadbalancing";
    public static final String VERSION = "2015-12-01";
    public static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private Elbv2Operations() {}

    public static QueryService service(Elbv2 elb, TargetService targets) {
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new LoadBalancerOperations(elb).all());
        ops.addAll(new TargetGroupOperations(elb).all());
        ops.addAll(new TargetOperations(targets).all());
        ops.addAll(new ListenerOperations(elb).all());
        ops.addAll(new ListenerCertificates(elb).all());
        ops.addAll(new RuleOperations(elb).all());
        ops.addAll(new TagOperations(elb).all());
        return QueryService.of(SIGNING_NAME, VERSION, NAMESPACE, ops);
    }
}
