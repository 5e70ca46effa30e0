package io.dockyard.asg.api;

import io.dockyard.asg.model.AsgActivity;
import io.dockyard.asg.model.AsgKinds;
import io.dockyard.asg.model.AutoScalingGroup;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Tag;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dockyard.protocol.QueryParams.bool;
import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.map;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;
import static io.dockyard.protocol.QueryParams.validation;

/**
 * The EC2 Auto Scaling operations Dockyard answers (Query protocol, 2011-01-01): CreateAutoScalingGroup,
 * UpdateAutoScalingGroup, DescribeAutoScalingGroups, SetDesiredCapacity,
 * TerminateInstanceInAutoScalingGroup, SetInstanceProtection, DescribeScalingActivities,
 * DeleteAutoScalingGroup. The group controller does the launching and terminating.
 */
public final class GroupOperations {
    /** Host sizes: CPU units and MiB each instance offers, unless the group's tags dockyard:cpu / dockyard:memory say otherwise. */
    static final int DEFAULT_CPU = 1024, DEFAULT_MEMORY = 2048;

    private final Store store;
    private final Clock clock;
    private final String zone;

    public GroupOperations(Store store, Clock clock, String zone) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    public List<Operation> all() {
        return List.of(NamedOperation.of("CreateAutoScalingGroup", this::create), NamedOperation.of("UpdateAutoScalingGroup", this::update),
                NamedOperation.of("DescribeAutoScalingGroups", this::describe), NamedOperation.of("SetDesiredCapacity", this::setDesired),
                NamedOperation.of("TerminateInstanceInAutoScalingGroup", this::terminate), NamedOperation.of("SetInstanceProtection", this::protect),
                NamedOperation.of("DescribeScalingActivities", this::activities), NamedOperation.of("DeleteAutoScalingGroup", this::delete));
    }

    static AwsException notFound(String name) { return validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found"); }

    private AutoScalingGroup group(String name) {
        return store.get(AsgKinds.GROUP, name).filter(g -> g.status() == null).orElseThrow(() -> notFound(name));
    }

    static void bounds(int min, int max, int desired) {
        if (min < 0 || max < 0) throw validation("MinSize and MaxSize must be 0 or more.");
        if (min > max) throw validation("Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        if (desired < min || desired > max) {
            throw validation("Desired capacity:" + desired + " must be between the specified min size:" + min + " and max size:" + max);
        }
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "AutoScalingGroupName");
        if (name.length() > 255) throw validation("AutoScalingGroupName must be at most 255 characters.");
        Integer min = integer(in, "MinSize"), max = integer(in, "MaxSize"), desired = integer(in, "DesiredCapacity");
        if (min == null) throw validation("1 validation error detected: Value null at 'minSize' failed to satisfy constraint: Member must not be null");
        if (max == null) throw validation("1 validation error detected: Value null at 'maxSize' failed to satisfy constraint: Member must not be null");
        int want = desired == null ? min : desired;
        bounds(min, max, want);
        Map<String, Object> template = map(in, "LaunchTemplate");
        String templateName = template == null ? str(in, "LaunchConfigurationName") : str(template, "LaunchTemplateName");
        if (templateName == null && template != null) templateName = str(template, "LaunchTemplateId");
        if (templateName == null) {
            throw validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
        }
        List<Tag> tags = new ArrayList<>();
        for (Map<String, Object> t : maps(in, "Tags")) tags.add(new Tag(required(t, "Key"), str(t, "Value") == null ? "" : str(t, "Value")));
        int cpu = size(tags, "dockyard:cpu", DEFAULT_CPU), memory = size(tags, "dockyard:memory", DEFAULT_MEMORY);
        Boolean protect = bool(in, "NewInstancesProtectedFromScaleIn");
        String arn = "arn:aws:autoscaling:" + ctx.region() + ":" + ctx.account() + ":autoScalingGroup:" + UUID.randomUUID() + ":autoScalingGroupName/" + name;
        AutoScalingGroup g = new AutoScalingGroup(name, arn, min, max, want, templateName, cpu, memory, protect != null && protect, List.of(), List.copyOf(tags),
                clock.instant(), null);
        boolean created = store.putIf(AsgKinds.GROUP, g, 0);
        if (!created) throw new AwsException("AlreadyExists", 400, "AutoScalingGroup by this name already exists - A group with the name " + name + " already exists");
        return Out.obj();
    }

    private static int size(List<Tag> tags, String key, int fallback) {
        for (Tag t : tags) {
            if (!t.key().equals(key)) continue;
            try {
                int v = Integer.parseInt(t.value().trim());
                if (v < 1) throw validation("The tag " + key + " must be a positive number.");
                return v;
            } catch (NumberFormatException e) {
                throw validation("The tag " + key + " must be a number: " + t.value());
            }
        }
        return fallback;
    }

    private Object update(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "AutoScalingGroupName");
        Integer min = integer(in, "MinSize"), max = integer(in, "MaxSize"), desired = integer(in, "DesiredCapacity");
        Boolean protect = bool(in, "NewInstancesProtectedFromScaleIn");
        store.atomically(() -> {
            AutoScalingGroup g = group(name);
            int newMin = min != null ? min : g.minSize(), newMax = max != null ? max : g.maxSize();
            // a new bound pulls the desired capacity along, as AWS does when only MinSize or MaxSize is given
            int want = desired != null ? desired : Math.max(newMin, Math.min(newMax, g.desiredCapacity()));
            bounds(newMin, newMax, want);
            AutoScalingGroup u = g.with(newMin, newMax, want);
            if (protect != null) u = u.withProtectionDefault(protect);
            store.put(AsgKinds.GROUP, u);
        });
        return Out.obj();
    }

    private Object setDesired(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "AutoScalingGroupName");
        Integer desired = integer(in, "DesiredCapacity");
        if (desired == null) throw validation("1 validation error detected: Value null at 'desiredCapacity' failed to satisfy constraint: Member must not be null");
        store.atomically(() -> {
            AutoScalingGroup g = group(name);
            if (desired > g.maxSize()) throw validation("New SetDesiredCapacity value " + desired + " is above max value " + g.maxSize() + " for the AutoScalingGroup.");
            if (desired < g.minSize()) throw validation("New SetDesiredCapacity value " + desired + " is below min value " + g.minSize() + " for the AutoScalingGroup.");
            store.put(AsgKinds.GROUP, g.with(g.minSize(), g.maxSize(), desired));
        });
        return Out.obj();
    }

    private Object terminate(Map<String, Object> in, RequestContext ctx) {
        String id = required(in, "InstanceId");
        Boolean decrement = bool(in, "ShouldDecrementDesiredCapacity");
        if (decrement == null) throw validation("1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null");
        Instant now = clock.instant();
        AsgActivity activity = store.atomically(() -> {
            AutoScalingGroup g = store.list(AsgKinds.GROUP, x -> x.instances().stream().anyMatch(i -> i.id().equals(id))).stream().findFirst()
                    .orElseThrow(() -> validation("Instance Id not found - No managed instance found for instance ID: " + id));
            if (decrement && g.desiredCapacity() - 1 < g.minSize()) {
                throw validation("Currently, desiredCapacity (" + g.desiredCapacity() + ") equals minSize (" + g.minSize() + "). Terminating instance without "
                        + "replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.");
            }
            List<AutoScalingGroup.Instance> list = g.instances().stream()
                    .map(i -> i.id().equals(id) && !i.leaving() ? i.withState(AutoScalingGroup.TERMINATING) : i).toList();
            store.put(AsgKinds.GROUP, g.withInstances(list).with(g.minSize(), g.maxSize(), decrement ? g.desiredCapacity() - 1 : g.desiredCapacity()));
            AsgActivity a = new AsgActivity(UUID.randomUUID().toString(), g.name(), "Terminating EC2 instance: " + id, "At " + now
                    + " instance " + id + " was taken out of service in response to a user request" + (decrement ? ", shrinking the capacity from "
                    + g.desiredCapacity() + " to " + (g.desiredCapacity() - 1) + "." : "."), now, now, "InProgress", 0);
            store.put(AsgKinds.ACTIVITY, a);
            return a;
        });
        return Out.obj().with("Activity", activity(activity));
    }

    private Object protect(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "AutoScalingGroupName");
        List<String> ids = strings(in, "InstanceIds");
        Boolean p = bool(in, "ProtectedFromScaleIn");
        if (p == null) throw validation("1 validation error detected: Value null at 'protectedFromScaleIn' failed to satisfy constraint: Member must not be null");
        store.atomically(() -> {
            AutoScalingGroup g = group(name);
            for (String id : ids) {
                if (g.instances().stream().noneMatch(i -> i.id().equals(id))) {
                    throw validation("The instance " + id + " is not part of Auto Scaling group " + name + ".");
                }
            }
            store.put(AsgKinds.GROUP, g.withInstances(g.instances().stream().map(i -> ids.contains(i.id()) ? i.withProtection(p) : i).toList()));
        });
        return Out.obj();
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        List<String> names = strings(in, "AutoScalingGroupNames");
        List<AutoScalingGroup> all = store.list(AsgKinds.GROUP, g -> names.isEmpty() || names.contains(g.name()));
        Integer max = integer(in, "MaxRecords", 1, 100);
        Pages<AutoScalingGroup> page = Pages.slice(all, max == null ? 50 : max, str(in, "NextToken"), () -> validation("Invalid NextToken."));
        return Out.obj().with("AutoScalingGroups", page.items().stream().map(this::group).toList()).with("NextToken", page.nextToken());
    }

    private Object group(AutoScalingGroup g) {
        Out template = Out.obj().with("LaunchTemplateName", g.launchTemplateName()).with("Version", "$Default");
        List<Object> instances = g.instances().stream().map(i -> (Object) Out.obj().with("InstanceId", i.id()).with("InstanceType", "dockyard." + g.cpu() + "cpu")
                .with("AvailabilityZone", zone).with("LifecycleState", i.lifecycleState()).with("HealthStatus", "Healthy").with("LaunchTemplate", template)
                .with("ProtectedFromScaleIn", i.protectedFromScaleIn())).toList();
        List<Object> tags = g.tags().stream().map(t -> (Object) Out.obj().with("ResourceId", g.name()).with("ResourceType", "auto-scaling-group")
                .with("Key", t.key()).with("Value", t.value()).with("PropagateAtLaunch", false)).toList();
        return Out.obj().with("AutoScalingGroupName", g.name()).with("AutoScalingGroupARN", g.arn()).with("LaunchTemplate", template)
                .with("MinSize", g.minSize()).with("MaxSize", g.maxSize()).with("DesiredCapacity", g.desiredCapacity()).with("DefaultCooldown", 300)
                .with("AvailabilityZones", List.of(zone)).with("HealthCheckType", "EC2").with("HealthCheckGracePeriod", 300).with("Instances", instances)
                .with("CreatedTime", g.createdTime()).with("Tags", tags).with("NewInstancesProtectedFromScaleIn", g.newInstancesProtectedFromScaleIn())
                .with("Status", g.status());
    }

    private Object activities(Map<String, Object> in, RequestContext ctx) {
        String name = str(in, "AutoScalingGroupName");
        List<String> ids = strings(in, "ActivityIds");
        List<AsgActivity> all = new ArrayList<>(store.list(AsgKinds.ACTIVITY, a -> (name == null || name.equals(a.group())) && (ids.isEmpty() || ids.contains(a.id()))));
        all.sort(Comparator.comparing(AsgActivity::start).reversed());
        Integer max = integer(in, "MaxRecords", 1, 100);
        Pages<AsgActivity> page = Pages.slice(all, max == null ? 100 : max, str(in, "NextToken"), () -> validation("Invalid NextToken."));
        return Out.obj().with("Activities", page.items().stream().map(GroupOperations::activity).toList()).with("NextToken", page.nextToken());
    }

    static Object activity(AsgActivity a) {
        return Out.obj().with("ActivityId", a.id()).with("AutoScalingGroupName", a.group()).with("Description", a.description()).with("Cause", a.cause())
                .with("StartTime", a.start()).with("EndTime", a.end()).with("StatusCode", a.statusCode()).with("Progress", a.progress());
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "AutoScalingGroupName");
        Boolean force = bool(in, "ForceDelete");
        store.atomically(() -> {
            AutoScalingGroup g = group(name);
            boolean used = !store.list(Kinds.CAPACITY_PROVIDER, p -> "ACTIVE".equals(p.status()) && name.equals(p.groupName())).isEmpty();
            if (used) throw new AwsException("ResourceInUse", 400, "The Auto Scaling group " + name + " is used by an ECS capacity provider; delete it first.");
            if (!g.instances().isEmpty() && (force == null || !force)) {
                throw new AwsException("ResourceInUse", 400, "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
            }
            if (g.instances().isEmpty()) store.delete(AsgKinds.GROUP, name);
            else store.put(AsgKinds.GROUP, g.withStatus("Delete in progress"));
        });
        return Out.obj();
    }
}
