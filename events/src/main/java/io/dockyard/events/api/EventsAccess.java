package io.dockyard.events.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EventBridge's IAM actions ({@code events:<Operation>}) and resources: the rule a call names (Name, or Rule for the
 * target operations) as {@code rule/<name>} on the default bus and {@code rule/<bus>/<name>} on another; PutEvents and
 * the bus operations name none ({@code *}).
 */
public final class EventsAccess implements AccessMapping {
    @Override
    public String service() { return "events"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        boolean ruleOp = operation.endsWith("Rule") || operation.endsWith("Targets") || "ListTargetsByRule".equals(operation);
        String rule = in.get("Rule") instanceof String r ? r : in.get("Name") instanceof String n && ruleOp ? n : null;
        if (rule == null || !ruleOp || operation.startsWith("List") && !"ListTargetsByRule".equals(operation)) return out;
        if (rule.startsWith("arn:")) {
            out.add(rule);
            return out;
        }
        String bus = in.get("EventBusName") instanceof String b && !"default".equals(b) ? b.substring(b.lastIndexOf('/') + 1) + "/" : "";
        out.add("arn:aws:events:" + ctx.region() + ":" + ctx.account() + ":rule/" + bus + rule);
        return out;
    }
}
