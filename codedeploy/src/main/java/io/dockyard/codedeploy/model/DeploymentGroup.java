package io.dockyard.codedeploy.model;

import java.time.Instant;
import java.util.List;

/**
 * An ECS deployment group: one ECS service, the pair of target groups its blue and green task sets
 * take turns in, the production listeners (and optional test listeners) whose traffic moves, the
 * deployment configuration, the ready wait and the termination wait, and automatic rollback.
 */
public record DeploymentGroup(
        String applicationName,
        String name,
        String id,
        String deploymentConfigName,
        String serviceRoleArn,
        String clusterName,
        String clusterArn,
        String serviceName,
        List<String> targetGroupNames,
        List<String> prodListenerArns,
        List<String> testListenerArns,
        String readyActionOnTimeout,
        int readyWaitMinutes,
        String terminationAction,
        int terminationWaitMinutes,
        boolean autoRollbackEnabled,
        List<String> autoRollbackEvents,
        String lastSuccessfulDeploymentId,
        String lastAttemptedDeploymentId,
        Instant createTime) {

    public String key() { return applicationName + "|" + name; }

    /** The store key of the ECS service. */
    public String serviceKey() { return clusterArn + "|" + serviceName; }

    public DeploymentGroup withLastAttempted(String id) {
        return new DeploymentGroup(applicationName, name, this.id, deploymentConfigName, serviceRoleArn, clusterName, clusterArn, serviceName, targetGroupNames,
                prodListenerArns, testListenerArns, readyActionOnTimeout, readyWaitMinutes, terminationAction, terminationWaitMinutes,
                autoRollbackEnabled, autoRollbackEvents, lastSuccessfulDeploymentId, id, createTime);
    }

    public DeploymentGroup withLastSuccessful(String id) {
        return new DeploymentGroup(applicationName, name, this.id, deploymentConfigName, serviceRoleArn, clusterName, clusterArn, serviceName, targetGroupNames,
                prodListenerArns, testListenerArns, readyActionOnTimeout, readyWaitMinutes, terminationAction, terminationWaitMinutes,
                autoRollbackEnabled, autoRollbackEvents, id, lastAttemptedDeploymentId, createTime);
    }
}
