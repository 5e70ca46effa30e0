package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.Doc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code secrets} of a task's containers, fetched as the ECS agent fetches them before it pulls any image: Secrets
 * Manager values by ARN, with the {@code :json-key:version-stage:version-id} suffix (a JSON key of the secret string, a
 * stage, a version), and SSM parameters by name or ARN, decrypted, ten per GetParameters call. Each value is fetched once
 * per task; the values live only in the environment handed to Docker. A missing or unreadable secret is a SetupError with
 * ECS's ResourceInitializationError text, and the task stops before any container is made.
 */
final class TaskSecrets {
    static final String PREFIX = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";

    private final ControlPlane controlPlane;

    TaskSecrets(ControlPlane controlPlane) { this.controlPlane = controlPlane; }

    /** Whether any of {@code plans} has {@code secrets} (they need the execution role in secure mode). */
    static boolean any(Collection<ContainerPlan> plans) {
        return plans.stream().anyMatch(p -> !Doc.maps(p.raw(), "secrets").isEmpty());
    }

    /** A {@code valueFrom} of Secrets Manager split into the secret's ARN and the optional key, stage and version. */
    record AsmReference(String secretArn, String jsonKey, String stage, String versionId) {
        /** Parses {@code arn:aws:secretsmanager:region:account:secret:name[:json-key[:version-stage[:version-id]]]}; null if not such an ARN. */
        static AsmReference parse(String valueFrom) {
            if (valueFrom == null || !valueFrom.startsWith("arn:") || !valueFrom.contains(":secretsmanager:")) return null;
            String[] p = valueFrom.split(":", -1);
            if (p.length < 7 || !"secret".equals(p[5])) return null;
            String arn = String.join(":", List.of(p).subList(0, 7));
            return new AsmReference(arn, part(p, 7), part(p, 8), part(p, 9));
        }

        private static String part(String[] p, int i) { return p.length > i && !p[i].isEmpty() ? p[i] : null; }
    }

    /** The SSM parameter name of a {@code valueFrom}: a name as is, an ARN's {@code parameter/...} part with the leading slash of hierarchies. */
    static String parameterName(String valueFrom) {
        if (!valueFrom.startsWith("arn:")) return valueFrom;
        int at = valueFrom.indexOf(":parameter/");
        if (at < 0) return valueFrom;
        String rest = valueFrom.substring(at + ":parameter/".length());
        return rest.contains("/") ? "/" + rest : rest;
    }

    /** The secret environment of each container (by container name) of {@code plans}; empty maps when none has secrets. */
    Map<String, Map<String, String>> resolve(Collection<ContainerPlan> plans) { return resolve(plans, null); }

    /**
     * As {@link #resolve(Collection)}, the calls signed with {@code as} (the task's execution role session, secure mode) or,
     * when null, with the agent's own key.
     */
    Map<String, Map<String, String>> resolve(Collection<ContainerPlan> plans, io.dockyard.protocol.sigv4.Key as) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Set<String> parameters = new LinkedHashSet<>();
        for (ContainerPlan p : plans) {
            for (Map<String, Object> s : Doc.maps(p.raw(), "secrets")) {
                String from = Doc.str(s, "valueFrom");
                if (from != null && AsmReference.parse(from) == null) parameters.add(parameterName(from));
            }
        }
        Map<String, String> ssm = parameters.isEmpty() ? Map.of() : parameters(new ArrayList<>(parameters), as);
        Map<String, String> asm = new LinkedHashMap<>();
        for (ContainerPlan p : plans) {
            Map<String, String> env = new LinkedHashMap<>();
            for (Map<String, Object> s : Doc.maps(p.raw(), "secrets")) {
                String name = Doc.str(s, "name"), from = Doc.str(s, "valueFrom");
                if (name == null || from == null) continue;
                AsmReference ref = AsmReference.parse(from);
                env.put(name, ref == null ? ssm.get(parameterName(from)) : asm.computeIfAbsent(from, f -> secret(ref, as)));
            }
            out.put(p.name(), env);
        }
        return out;
    }

    /** The SecretString of a secret named by ARN or name (repositoryCredentials' credentialsParameter), read as {@code as}. */
    String secretString(String parameter, io.dockyard.protocol.sigv4.Key as) {
        AsmReference ref = AsmReference.parse(parameter);
        return secret(ref != null ? new AsmReference(ref.secretArn(), null, null, null) : new AsmReference(parameter, null, null, null), as);
    }

    private String secret(AsmReference ref, io.dockyard.protocol.sigv4.Key as) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("SecretId", ref.secretArn());
        if (ref.stage() != null) body.put("VersionStage", ref.stage());
        if (ref.versionId() != null) body.put("VersionId", ref.versionId());
        JsonNode answer;
        try {
            answer = controlPlane.aws("secretsmanager.GetSecretValue", "secretsmanager", body, as);
        } catch (ControlPlane.HttpError e) {
            throw asmFailure(ref, e.awsCode() + ": " + e.awsMessage());
        } catch (IOException e) {
            throw asmFailure(ref, "RequestError: send request failed caused by: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw asmFailure(ref, "interrupted");
        }
        String value = answer.path("SecretString").asText(null);
        if (value == null) throw asmFailure(ref, "secret binary is not supported in environment variables");
        if (ref.jsonKey() == null) return value;
        JsonNode doc;
        try {
            doc = ControlPlane.JSON.readTree(value);
        } catch (IOException e) {
            throw new ContainerPlan.SetupError(PREFIX + "unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key "
                    + ref.jsonKey());
        }
        JsonNode v = doc == null ? null : doc.get(ref.jsonKey());
        if (v == null) {
            throw new ContainerPlan.SetupError(PREFIX + "unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key "
                    + ref.jsonKey());
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static ContainerPlan.SetupError asmFailure(AsmReference ref, String why) {
        return new ContainerPlan.SetupError(PREFIX + "unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret "
                + ref.secretArn() + " from secrets manager: " + why);
    }

    private Map<String, String> parameters(List<String> names, io.dockyard.protocol.sigv4.Key as) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < names.size(); i += 10) {
            List<String> batch = names.subList(i, Math.min(names.size(), i + 10));
            JsonNode answer;
            try {
                answer = controlPlane.aws("AmazonSSM.GetParameters", "ssm", Map.of("Names", batch, "WithDecryption", true), as);
            } catch (ControlPlane.HttpError e) {
                throw ssmFailure(e.awsCode() + ": " + e.awsMessage());
            } catch (IOException e) {
                throw ssmFailure("RequestError: send request failed caused by: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ssmFailure("interrupted");
            }
            answer.path("Parameters").forEach(p -> values.put(p.path("Name").asText(), p.path("Value").asText()));
            answer.path("InvalidParameters").forEach(n -> invalid.add(n.asText()));
        }
        for (String n : names) if (!values.containsKey(n) && !invalid.contains(n)) invalid.add(n);
        if (!invalid.isEmpty()) throw ssmFailure("invalid ssm parameters: " + String.join(" ", invalid));
        return values;
    }

    private static ContainerPlan.SetupError ssmFailure(String why) {
        return new ContainerPlan.SetupError(PREFIX + "unable to retrieve secrets from ssm: service call has been retried 1 time(s): " + why);
    }
}
