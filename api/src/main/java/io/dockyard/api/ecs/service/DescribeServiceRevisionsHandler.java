package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.Networks;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DescribeServiceRevisions: up to 20 revisions by the ARNs deployments name
 * ({@code service-revision/<cluster>/<service>/<family>-<revision>}). A revision is a service with one task
 * definition: its launch settings are those of the deployment that ran it (or the service's own when none
 * is left), its images those of the task definition with the digests its tasks resolved. Unknown ones —
 * a service that never ran that task definition — are {@code failures} with reason MISSING.
 */
public final class DescribeServiceRevisionsHandler extends EcsOperation {
    public DescribeServiceRevisionsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = Doc.strings(in, "serviceRevisionArns");
        if (arns.isEmpty()) throw AwsException.invalidParameter("serviceRevisionArns can not be empty.");
        if (arns.size() > 20) throw AwsException.invalidParameter("serviceRevisionArns can have at most 20 elements.");
        List<Object> found = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String arn : arns) {
            Optional<Out> r = revision(arn);
            if (r.isPresent()) found.add(r.get());
            else failures.add(Out.obj().with("arn", arn).with("reason", "MISSING"));
        }
        return Out.obj().with("serviceRevisions", found).with("failures", failures);
    }

    private Optional<Out> revision(String arn) {
        String[] path = Arns.resource(arn).filter(r -> r.startsWith("service-revision/")).map(r -> r.split("/")).orElse(null);
        if (path == null || path.length != 4) throw AwsException.invalidParameter("Invalid service revision ARN: " + arn + ".");
        int dash = path[3].lastIndexOf('-');
        if (dash <= 0) return Optional.empty();
        Arns arns = Arns.sameAs(arn);
        String serviceArn = arns.service(path[1], path[2]);
        String tdArn;
        try {
            tdArn = arns.taskDefinition(path[3].substring(0, dash), Integer.parseInt(path[3].substring(dash + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<Service> service = ecs.store().get(Kinds.SERVICE, arns.cluster(path[1]) + "|" + path[2]);
        if (service.isEmpty()) return Optional.empty();
        Service s = service.get();
        List<ServiceDeployment> history = ecs.store().list(Kinds.SERVICE_DEPLOYMENT, d -> d.serviceArn().equals(serviceArn)
                && (tdArn.equals(d.targetTaskDefinitionArn()) || d.sourceTaskDefinitionArns().contains(tdArn)));
        if (history.isEmpty() && !tdArn.equals(s.taskDefinitionArn())) return Optional.empty();
        Instant createdAt = history.stream().filter(d -> tdArn.equals(d.targetTaskDefinitionArn())).map(ServiceDeployment::createdAt)
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(s.createdAt());
        Optional<Deployment> ran = s.deployments().stream().filter(d -> tdArn.equals(d.taskDefinitionArn())).findFirst();
        String launchType = ran.map(Deployment::launchType).orElse(s.launchType());
        Out out = Out.obj()
                .with("serviceRevisionArn", arn)
                .with("serviceArn", serviceArn)
                .with("clusterArn", s.clusterArn())
                .with("taskDefinition", tdArn)
                .with("capacityProviderStrategy", emptyAsNull(ran.map(Deployment::capacityProviderStrategy).orElse(s.capacityProviderStrategy())))
                .with("launchType", launchType)
                .with("platformVersion", ran.map(Deployment::platformVersion).orElse(s.platformVersion()))
                .with("platformFamily", "FARGATE".equals(launchType) ? "Linux" : null)
                .with("loadBalancers", s.loadBalancers() == null ? List.of() : s.loadBalancers())
                .with("serviceRegistries", s.serviceRegistries() == null ? List.of() : s.serviceRegistries())
                .with("networkConfiguration", Networks.wire(ran.map(Deployment::networkConfiguration).orElse(s.networkConfiguration())))
                .with("containerImages", images(s, tdArn))
                .with("guardDutyEnabled", false)
                .with("createdAt", createdAt);
        return Optional.of(out);
    }

    /** Each container's image, with the digest the service's tasks of that task definition resolved it to. */
    private List<Out> images(Service s, String tdArn) {
        List<Container> seen = ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group())).stream()
                .filter(t -> tdArn.equals(t.taskDefinitionArn()))
                .flatMap(t -> t.containers().stream()).filter(c -> c.imageDigest() != null).toList();
        List<Out> out = new ArrayList<>();
        Optional<TaskDefinition> td = io.dockyard.api.ecs.task.ClusterTasks.taskDefinition(ecs, tdArn);
        if (td.isEmpty()) return out;
        for (Map<String, Object> c : Doc.maps(td.get().document(), "containerDefinitions")) {
            String name = Doc.str(c, "name");
            String digest = seen.stream().filter(x -> name != null && name.equals(x.name())).map(Container::imageDigest).findFirst().orElse(null);
            out.add(Out.obj().with("containerName", name).with("imageDigest", digest).with("image", Doc.str(c, "image")));
        }
        return out;
    }

    private static <T> List<T> emptyAsNull(List<T> l) { return l == null || l.isEmpty() ? null : l; }
}
