package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.AuthConfig;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Task;
import io.dockyard.protocol.sigv4.Key;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The registry credentials a container's image is pulled with, as the ECS agent chooses them: a container's
 * {@code repositoryCredentials} (a Secrets Manager secret whose value is {@code {"username":…,"password":…}}) for a
 * private registry; for an image of Dockyard's registry in secure mode, a token from GetAuthorizationToken signed as the
 * task's execution role (so the registry authorizes ecr:BatchGetImage, ecr:GetDownloadUrlForLayer against the role and the
 * repository policy); else the agent's own registry login. The secret is read as the execution role in secure mode.
 */
final class PullAuth {
    static final String PREFIX = TaskSecrets.PREFIX;

    /** What a container's image pull needs; {@link #decide} is the pure part, tested alone. */
    enum Need { NONE, AGENT_LOGIN, EXECUTION_ROLE_TOKEN, REPOSITORY_CREDENTIALS }

    private PullAuth() {}

    /** Which credentials the pull of {@code image} needs (the container definition {@code raw}; {@code ours}: Dockyard's registry). */
    static Need decide(Map<String, Object> raw, boolean ours, boolean secure) {
        Map<String, Object> creds = Doc.map(raw, "repositoryCredentials");
        if (creds != null && Doc.str(creds, "credentialsParameter") != null && !ours) return Need.REPOSITORY_CREDENTIALS;
        if (!ours) return Need.NONE;
        return secure ? Need.EXECUTION_ROLE_TOKEN : Need.AGENT_LOGIN;
    }

    /** Credentials for pulling {@code image} of {@code plan}; a SetupError with ECS's text when they cannot be had. */
    static Optional<AuthConfig> resolve(ContainerPlan plan, String image, RegistryLogin login, TaskSecrets secrets, Task task,
                                        String instanceArn, Map<String, Object> taskDefinition) {
        ControlPlane cp = login.controlPlane();
        boolean ours = RegistryLogin.registryHost(image) != null && login.ours(image);
        Need need = decide(plan.raw(), ours, cp.secure());
        switch (need) {
            case NONE: return Optional.empty();
            case AGENT_LOGIN: return login.forImage(image);
            case EXECUTION_ROLE_TOKEN: {
                Key as = ExecutionRole.session(cp, task, instanceArn, taskDefinition, "CannotPullContainerError: pull access denied for " + image
                        + ": the task definition has no executionRoleArn to pull images of the registry with");
                try {
                    return Optional.of(login.forImage(image, as));
                } catch (ControlPlane.HttpError e) {
                    throw new ContainerPlan.SetupError(PREFIX + "unable to retrieve ecr registry auth: service call has been retried 1 time(s): "
                            + e.awsCode() + ": " + e.awsMessage());
                } catch (IOException e) {
                    throw new ContainerPlan.SetupError(PREFIX + "unable to retrieve ecr registry auth: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerPlan.SetupError(PREFIX + "interrupted");
                }
            }
            default: {
                String parameter = Doc.str(Doc.map(plan.raw(), "repositoryCredentials"), "credentialsParameter");
                Key as = cp.secure() ? ExecutionRole.session(cp, task, instanceArn, taskDefinition, PREFIX
                        + "unable to retrieve secret from asm: the task definition has no executionRoleArn to read " + parameter + " with") : null;
                String value = secrets.secretString(parameter, as);
                JsonNode doc;
                try {
                    doc = ControlPlane.JSON.readTree(value);
                } catch (IOException e) {
                    doc = null;
                }
                if (doc == null || !doc.path("username").isTextual() || !doc.path("password").isTextual()) {
                    throw new ContainerPlan.SetupError(PREFIX + "unable to retrieve secret from asm: private repository credentials of secret "
                            + parameter + " are not a JSON object with a username and a password");
                }
                return Optional.of(new AuthConfig().withUsername(doc.path("username").asText()).withPassword(doc.path("password").asText())
                        .withRegistryAddress(RegistryLogin.registryHost(image)));
            }
        }
    }
}
