package io.dockyard.api.ecs.account;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.AccountSetting;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.Out;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ECS account settings: their names, the values each takes, and AWS's defaults. A setting applies to a principal; the
 * account's root user's settings are the account default (PutAccountSettingDefault); a principal without its own
 * setting has the default, and without that AWS's own ({@code type: aws_managed}). Dockyard has no IAM identities yet:
 * a call without {@code principalArn} acts for the root user.
 */
public final class AccountSettings {
    /** Name → (allowed values, AWS's default), in the order ListAccountSettings answers. */
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private record Rule(List<String> values, String awsDefault, boolean accountDefaultOnly) {}

    static {
        List<String> onOffArn = List.of("enabled", "disabled");
        RULES.put("serviceLongArnFormat", new Rule(onOffArn, "enabled", false));
        RULES.put("taskLongArnFormat", new Rule(onOffArn, "enabled", false));
        RULES.put("containerInstanceLongArnFormat", new Rule(onOffArn, "enabled", false));
        RULES.put("awsvpcTrunking", new Rule(onOffArn, "disabled", false));
        RULES.put("containerInsights", new Rule(List.of("enabled", "disabled", "enhanced"), "disabled", false));
        RULES.put("fargateFIPSMode", new Rule(onOffArn, "disabled", true));
        RULES.put("tagResourceAuthorization", new Rule(List.of("on", "off"), "on", false));
        RULES.put("fargateTaskRetirementWaitPeriod", new Rule(List.of("0", "7", "14"), "7", true));
        RULES.put("guardDutyActivate", new Rule(List.of("on", "off"), "off", true));
        RULES.put("defaultLogDriverMode", new Rule(List.of("blocking", "non-blocking"), "non-blocking", false));
        RULES.put("fargateEventWindows", new Rule(onOffArn, "disabled", true));
    }

    private AccountSettings() {}

    /** The root user of the account: its settings are the account default. */
    public static String root(String account) { return "arn:aws:iam::" + account + ":root"; }

    /** Checks a setting name; InvalidParameterException for one ECS does not know. */
    static String name(String name) {
        if (name == null || name.isBlank()) throw AwsException.invalidParameter("name can not be blank.");
        if (!RULES.containsKey(name)) {
            throw AwsException.invalidParameter("Invalid setting name '" + name + "'. Valid values: " + String.join(", ", RULES.keySet()) + ".");
        }
        return name;
    }

    /** Checks a value for a setting (and that an account-default-only setting is not set for another principal). */
    static String value(String name, String value, String principalArn, String account) {
        Rule r = RULES.get(name);
        if (value == null || !r.values().contains(value)) {
            throw AwsException.invalidParameter("Invalid value '" + value + "' for setting " + name + ". Valid values: " + String.join(", ", r.values()) + ".");
        }
        if (name.endsWith("LongArnFormat") && "disabled".equals(value)) {
            // AWS's answer since the long ARN format became the only one
            throw AwsException.invalidParameter("You can no longer disable Long Arn settings.");
        }
        if (r.accountDefaultOnly() && !root(account).equals(principalArn)) {
            throw AwsException.invalidParameter("The " + name + " setting can only be set as the account default (PutAccountSettingDefault).");
        }
        return value;
    }

    /** A principal ARN as given (IAM user, role or root), or InvalidParameterException. */
    static String principal(String principalArn, String account) {
        if (principalArn == null || principalArn.isBlank()) return root(account);
        if (!principalArn.startsWith("arn:aws:iam::") || !(principalArn.contains(":user/") || principalArn.contains(":role/") || principalArn.endsWith(":root"))) {
            throw AwsException.invalidParameter("principalArn must be the ARN of an IAM user, an IAM role or the root user: " + principalArn);
        }
        return principalArn;
    }

    /** Every setting name, in ECS's order. */
    static List<String> names() { return List.copyOf(RULES.keySet()); }

    /** The setting in effect for a principal: its own, else the account default, else AWS's (with type aws_managed). */
    public static Out effective(Store store, String account, String principalArn, String name) {
        Optional<AccountSetting> own = store.get(Kinds.ACCOUNT_SETTING, principalArn + "|" + name);
        if (own.isPresent()) return out(own.get(), "user");
        Optional<AccountSetting> dflt = store.get(Kinds.ACCOUNT_SETTING, root(account) + "|" + name);
        if (dflt.isPresent()) return out(new AccountSetting(name, dflt.get().value(), principalArn), "user");
        return out(new AccountSetting(name, RULES.get(name).awsDefault(), principalArn), "aws_managed");
    }

    /** The value in effect for a principal (e.g. containerInsights for a new cluster). */
    public static String effectiveValue(Store store, String account, String principalArn, String name) {
        return (String) effective(store, account, principalArn, name).get("value");
    }

    static Out out(AccountSetting s, String type) {
        return Out.obj().with("name", s.name()).with("value", s.value()).with("principalArn", s.principalArn()).with("type", type);
    }
}
