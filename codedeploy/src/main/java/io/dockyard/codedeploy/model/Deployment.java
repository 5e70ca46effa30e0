package io.dockyard.codedeploy.model;

import java.time.Instant;

/**
 * One ECS blue/green deployment and where it stands. {@code stage} is Dockyard's step (GREEN:
 * replacement task set starting; READY: waiting to shift; SHIFTING: production traffic moving;
 * BAKING: termination wait; DONE); {@code status} is CodeDeploy's (Created, InProgress, Ready,
 * Baking, Succeeded, Failed, Stopped).
 */
public record Deployment(
        String id,
        String applicationName,
        String deploymentGroupName,
        String deploymentConfigName,
        String revisionType,
        String appSpec,
        String appSpecSha256,
        String taskDefinitionArn,
        String containerName,
        int containerPort,
        String description,
        String status,
        String stage,
        Instant stageSince,
        int greenPercent,
        String blueTaskSetArn,
        String greenTaskSetArn,
        String blueTargetGroupArn,
        String greenTargetGroupArn,
        String errorCode,
        String errorMessage,
        boolean rolledBack,
        Instant createTime,
        Instant startTime,
        Instant completeTime,
        Instant terminationWaitStarted) {

    public boolean done() { return "Succeeded".equals(status) || "Failed".equals(status) || "Stopped".equals(status); }

    public Deployment at(String newStatus, String newStage, Instant now) {
        return new Deployment(id, applicationName, deploymentGroupName, deploymentConfigName, revisionType, appSpec, appSpecSha256, taskDefinitionArn,
                containerName, containerPort, description, newStatus, newStage, newStage.equals(stage) ? stageSince : now, greenPercent, blueTaskSetArn,
                greenTaskSetArn, blueTargetGroupArn, greenTargetGroupArn, errorCode, errorMessage, rolledBack, createTime,
                startTime == null && !"Created".equals(newStatus) ? now : startTime,
                "Succeeded".equals(newStatus) || "Failed".equals(newStatus) || "Stopped".equals(newStatus) ? now : completeTime,
                "BAKING".equals(newStage) && terminationWaitStarted == null ? now : terminationWaitStarted);
    }

    public Deployment withGreen(String taskSetArn, String blueTaskSet, String blueTg, String greenTg) {
        return new Deployment(id, applicationName, deploymentGroupName, deploymentConfigName, revisionType, appSpec, appSpecSha256, taskDefinitionArn,
                containerName, containerPort, description, status, stage, stageSince, greenPercent, blueTaskSet, taskSetArn, blueTg, greenTg,
                errorCode, errorMessage, rolledBack, createTime, startTime, completeTime, terminationWaitStarted);
    }

    public Deployment withPercent(int percent) {
        return new Deployment(id, applicationName, deploymentGroupName, deploymentConfigName, revisionType, appSpec, appSpecSha256, taskDefinitionArn,
                containerName, containerPort, description, status, stage, stageSince, percent, blueTaskSetArn, greenTaskSetArn, blueTargetGroupArn,
                greenTargetGroupArn, errorCode, errorMessage, rolledBack, createTime, startTime, completeTime, terminationWaitStarted);
    }

    public Deployment withError(String code, String message, boolean rollback) {
        return new Deployment(id, applicationName, deploymentGroupName, deploymentConfigName, revisionType, appSpec, appSpecSha256, taskDefinitionArn,
                containerName, containerPort, description, status, stage, stageSince, greenPercent, blueTaskSetArn, greenTaskSetArn, blueTargetGroupArn,
                greenTargetGroupArn, code, message, rollback, createTime, startTime, completeTime, terminationWaitStarted);
    }
}
