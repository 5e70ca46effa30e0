package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.RegistrySetting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry-wide settings: the registry policy (Put/Get/DeleteRegistryPolicy, validated as repository policies are) and
 * ECR's account settings (GetAccountSetting/PutAccountSetting: BASIC_SCAN_TYPE_VERSION, REGISTRY_POLICY_SCOPE,
 * BLOB_MOUNTING, each with its values and AWS's default). Stored; the policy is not enforced (Dockyard has no IAM yet).
 */
final class RegistryOperations {
    private static final String POLICY = "policy";
    private static final Map<String, List<String>> SETTINGS = new LinkedHashMap<>();
    private static final Map<String, String> DEFAULTS = Map.of("BASIC_SCAN_TYPE_VERSION", "AWS_NATIVE", "REGISTRY_POLICY_SCOPE", "V2", "BLOB_MOUNTING", "DISABLED");

    static {
        SETTINGS.put("BASIC_SCAN_TYPE_VERSION", List.of("AWS_NATIVE", "CLAIR"));
        SETTINGS.put("REGISTRY_POLICY_SCOPE", List.of("V1", "V2"));
        SETTINGS.put("BLOB_MOUNTING", List.of("ENABLED", "DISABLED"));
    }

    private RegistryOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("PutRegistryPolicy", (in, ctx) -> {
                    String text = Doc.str(in, "policyText");
                    if (text != null && text.length() > 10240) throw Ecr.invalid("policyText must be at most 10240 characters.");
                    PolicyValidator.validate(text);
                    ecr.registry.store().put(Records.REGISTRY_SETTING, new RegistrySetting(POLICY, text));
                    return policy(ctx, text);
                }),
                new EcrOp("GetRegistryPolicy", (in, ctx) -> policy(ctx, storedPolicy(ecr, ctx))),
                new EcrOp("DeleteRegistryPolicy", (in, ctx) -> policy(ctx, ecr.registry.store().atomically(() -> {
                    String text = storedPolicy(ecr, ctx);
                    ecr.registry.store().delete(Records.REGISTRY_SETTING, POLICY);
                    return text;
                }))),
                new EcrOp("GetAccountSetting", (in, ctx) -> {
                    String name = settingName(Doc.str(in, "name"));
                    String value = ecr.registry.store().get(Records.REGISTRY_SETTING, "account:" + name).map(RegistrySetting::value).orElse(DEFAULTS.get(name));
                    return Out.obj().with("name", name).with("value", value);
                }),
                new EcrOp("PutAccountSetting", (in, ctx) -> {
                    String name = settingName(Doc.str(in, "name"));
                    String value = Doc.str(in, "value");
                    if (value == null || !SETTINGS.get(name).contains(value)) {
                        throw Ecr.invalid("Invalid value '" + value + "' for " + name + ". Valid values: " + String.join(", ", SETTINGS.get(name)) + ".");
                    }
                    ecr.registry.store().put(Records.REGISTRY_SETTING, new RegistrySetting("account:" + name, value));
                    return Out.obj().with("name", name).with("value", value);
                }));
    }

    private static Out policy(RequestContext ctx, String text) { return Out.obj().with("registryId", ctx.account()).with("policyText", text); }

    private static String storedPolicy(Ecr ecr, RequestContext ctx) {
        return ecr.registry.store().get(Records.REGISTRY_SETTING, POLICY).map(RegistrySetting::value)
                .orElseThrow(() -> new AwsException("RegistryPolicyNotFoundException", 400, "Registry policy does not exist in the registry with id '" + ctx.account() + "'"));
    }

    private static String settingName(String name) {
        if (name == null || !SETTINGS.containsKey(name)) {
            throw new AwsException("ValidationException", 400, "Invalid account setting name '" + name + "'. Valid names: " + String.join(", ", SETTINGS.keySet()) + ".");
        }
        return name;
    }
}
