package io.dockyard.cloudwatch.api;

import io.dockyard.cloudwatch.CloudWatch;
import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's IAM actions — {@code cloudwatch:<Operation>}, though it signs as {@code monitoring} — on the Query, JSON
 * and CBOR protocols alike, and its resources: the alarms an operation names ({@code alarm:<name>}: AlarmName, AlarmNames)
 * and a tagging call's ResourceARN. Metric operations name none ({@code *}).
 */
public final class CloudWatchAccess implements AccessMapping {
    @Override
    public String service() { return CloudWatch.SIGNING_NAME; }

    @Override
    public String prefix() { return "cloudwatch"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String prefix = "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.account() + ":alarm:";
        if (in.get("AlarmName") instanceof String n) out.add(prefix + n);
        if (in.get("AlarmNames") instanceof List<?> ns) ns.forEach(n -> out.add(prefix + n));
        if (in.get("ResourceARN") instanceof String arn) out.add(arn);
        return out;
    }
}
