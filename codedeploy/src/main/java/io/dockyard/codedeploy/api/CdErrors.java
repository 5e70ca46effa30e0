package io.dockyard.codedeploy.api;

import io.dockyard.core.AwsException;

/** CodeDeploy's errors (codes of the codedeploy service model; all HTTP 400). */
final class CdErrors {
    private CdErrors() {}

    static AwsException e(String code, String message) { return new AwsException(code, 400, message); }

    static AwsException applicationNameRequired() { return e("ApplicationNameRequiredException", "The minimum number of required application names was not specified."); }
    static AwsException applicationDoesNotExist(String name) { return e("ApplicationDoesNotExistException", "No application found for name: " + name); }
    static AwsException applicationAlreadyExists(String name) { return e("ApplicationAlreadyExistsException", "Application already exists: " + name); }
    static AwsException invalidApplicationName(String m) { return e("InvalidApplicationNameException", m); }
    static AwsException invalidComputePlatform(String m) { return e("InvalidComputePlatformException", m); }
    static AwsException groupNameRequired() { return e("DeploymentGroupNameRequiredException", "The deployment group name was not specified."); }
    static AwsException groupAlreadyExists(String name) { return e("DeploymentGroupAlreadyExistsException", "Deployment group already exists: " + name); }
    static AwsException groupDoesNotExist(String name) { return e("DeploymentGroupDoesNotExistException", "No deployment group found for name: " + name); }
    static AwsException invalidGroupName(String m) { return e("InvalidDeploymentGroupNameException", m); }
    static AwsException roleRequired() { return e("RoleRequiredException", "The service role ARN was not specified."); }
    static AwsException invalidRole(String m) { return e("InvalidRoleException", m); }
    static AwsException ecsServiceRequired() { return e("ECSServiceMappingLimitExceededException", "An ECS deployment group needs exactly one ECS service."); }
    static AwsException invalidEcsService(String m) { return e("InvalidECSServiceException", m); }
    static AwsException invalidTargetGroupPair(String m) { return e("InvalidTargetGroupPairException", m); }
    static AwsException invalidDeploymentStyle(String m) { return e("InvalidDeploymentStyleException", m); }
    static AwsException invalidBlueGreen(String m) { return e("InvalidBlueGreenDeploymentConfigurationException", m); }
    static AwsException configDoesNotExist(String name) { return e("DeploymentConfigDoesNotExistException", "No deployment configuration found for name: " + name); }
    static AwsException configAlreadyExists(String name) { return e("DeploymentConfigAlreadyExistsException", "Deployment config already exists: " + name); }
    static AwsException configNameRequired() { return e("DeploymentConfigNameRequiredException", "The deployment configuration name was not specified."); }
    static AwsException configInUse(String name) { return e("DeploymentConfigInUseException", "Deployment config is in use: " + name); }
    static AwsException invalidOperation(String m) { return e("InvalidOperationException", m); }
    static AwsException invalidTrafficRouting(String m) { return e("InvalidTrafficRoutingConfigurationException", m); }
    static AwsException revisionRequired() { return e("RevisionRequiredException", "The revision ID was not specified."); }
    static AwsException invalidRevision(String m) { return e("InvalidRevisionException", m); }
    static AwsException deploymentIdRequired() { return e("DeploymentIdRequiredException", "At least one deployment ID must be specified."); }
    static AwsException invalidDeploymentId(String id) { return e("InvalidDeploymentIdException", "Specified DeploymentId is not in the valid format: " + id); }
    static AwsException deploymentDoesNotExist(String id) { return e("DeploymentDoesNotExistException", "The deployment " + id + " could not be found."); }
    static AwsException deploymentAlreadyCompleted(String id) { return e("DeploymentAlreadyCompletedException", "The deployment " + id + " is already completed."); }
    static AwsException deploymentLimit(String group) {
        return e("DeploymentLimitExceededException", "The Deployment Group '" + group + "' already has an active Deployment.");
    }
    static AwsException notReady(String id) { return e("DeploymentIsNotInReadyStateException", "The deployment " + id + " is not in a ready state."); }
    static AwsException invalidWaitType(String m) { return e("InvalidDeploymentWaitTypeException", m); }
    static AwsException groupInUse(String m) { return e("InvalidOperationException", m); }
}
