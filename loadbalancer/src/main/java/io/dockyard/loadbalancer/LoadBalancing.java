package io.dockyard.loadbalancer;

import io.dockyard.protocol.QueryService;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.api.ListenerCertificates;
import io.dockyard.loadbalancer.api.Elbv2Operations;
import io.dockyard.loadbalancer.api.RuleSwitch;
import io.dockyard.loadbalancer.api.TargetService;
import io.dockyard.core.port.MetricSink;
import io.dockyard.loadbalancer.dataplane.DataPlane;

import java.time.Clock;
import java.time.Duration;

/**
 * The load balancer module assembled: the ELBv2 Query service for the edge, the data plane that
 * binds listener ports on {@code bindAddress}, and the in-process {@link TargetRegistry}.
 */
public final class LoadBalancing implements AutoCloseable {
    private final DataPlane dataPlane;
    private final QueryService service;
    private final TargetService targets;
    private final RuleSwitch rules;
    private final Elbv2 elb;

    private LoadBalancing(Elbv2 elb, DataPlane dataPlane, QueryService service, TargetService targets, RuleSwitch rules) {
        this.elb = elb;
        this.dataPlane = dataPlane;
        this.service = service;
        this.targets = targets;
        this.rules = rules;
    }

    /** Starts the data plane (re-binding stored listeners; its loops under {@code supervisor}) and builds the API. */
    public static LoadBalancing start(Store store, Clock clock, String availabilityZone, String bindAddress, Supervisor supervisor) {
        return start(store, clock, availabilityZone, bindAddress, supervisor, ServerCertificates.NONE);
    }

    /** As above, with HTTPS listeners presenting {@code certificates} (Certificate Manager's). */
    public static LoadBalancing start(Store store, Clock clock, String availabilityZone, String bindAddress, Supervisor supervisor,
                                      ServerCertificates certificates) {
        DataPlane dp = new DataPlane(store, bindAddress, Duration.ofSeconds(60), supervisor, certificates);
        Elbv2 elb = new Elbv2(store, dp, clock, availabilityZone, certificates);
        TargetService targets = new TargetService(elb);
        return new LoadBalancing(elb, dp, Elbv2Operations.service(elb, targets), targets, new RuleSwitch(elb));
    }

    /** The load balancers whose HTTPS listeners present a certificate (for Certificate Manager's InUseBy and DeleteCertificate). */
    public ServerCertificates.Users certificateUsers() { return arn -> ListenerCertificates.users(elb, arn); }

    /** Publishes AWS/ApplicationELB metrics to {@code sink} every {@code interval} (a minute, as AWS) under {@code supervisor}. */
    public LoadBalancing publishMetrics(MetricSink sink, Clock clock, Duration interval, Supervisor supervisor) {
        supervisor.every("alb-metrics", interval, new AlbMetrics(dataPlane, sink, clock)::round);
        return this;
    }

    /** Target groups by name and listener weights, for deployment controllers outside ECS (CodeDeploy). */
    public io.dockyard.core.port.TrafficRoutes routes() { return new io.dockyard.loadbalancer.api.Routes(elb, rules); }

    /** The ELBv2 service to route Query requests to. */
    public QueryService service() { return service; }

    /** Register/deregister/health for controllers running in the same process. */
    public TargetRegistry targets() { return targets; }

    /** Traffic shifting between target groups for controllers running in the same process. */
    public ListenerRules rules() { return rules; }

    @Override
    public void close() { dataPlane.close(); }
}
