package io.dockyard.codedeploy;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/**
 * CodeDeploy's IAM actions ({@code codedeploy:<Operation>}) and resources: the application
 * ({@code application:<name>}), its deployment group ({@code deploymentgroup:<app>/<group>}), or a
 * deployment configuration ({@code deploymentconfig:<name>}).
 */
public final class CodeDeployAccess implements AccessMapping {
    @Override
    public String service() { return CodeDeploy.SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        String prefix = "arn:aws:codedeploy:" + ctx.region() + ":" + ctx.account() + ":";
        String app = in.get("applicationName") instanceof String a ? a : null;
        String group = in.get("deploymentGroupName") instanceof String g ? g : in.get("currentDeploymentGroupName") instanceof String c ? c : null;
        if (app != null && group != null) return List.of(prefix + "deploymentgroup:" + app + "/" + group);
        if (app != null) return List.of(prefix + "application:" + app);
        if (in.get("deploymentConfigName") instanceof String c) return List.of(prefix + "deploymentconfig:" + c);
        return List.of();
    }
}
