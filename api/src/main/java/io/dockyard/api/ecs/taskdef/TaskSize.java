package io.dockyard.api.ecs.taskdef;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task-level cpu and memory strings as ECS accepts them: CPU units ("1024") or vCPUs ("1 vCPU",
 * ".25 vcpu"); MiB ("2048") or GB ("2 GB", "0.5GB").
 */
final class TaskSize {
    private static final Pattern NUMBER = Pattern.compile("\\s*(\\d+)\\s*");
    private static final Pattern VCPU = Pattern.compile("\\s*(\\d*\\.?\\d+)\\s*vcpu\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GB = Pattern.compile("\\s*(\\d*\\.?\\d+)\\s*gb\\s*", Pattern.CASE_INSENSITIVE);

    private TaskSize() {}

    /** CPU units, or null when absent or not a recognised form. */
    static Integer cpu(String s) { return parse(s, VCPU); }

    /** MiB, or null when absent or not a recognised form. */
    static Integer memory(String s) { return parse(s, GB); }

    private static Integer parse(String s, Pattern scaled) {
        if (s == null) return null;
        Matcher m = NUMBER.matcher(s);
        if (m.matches()) return exact(new BigDecimal(m.group(1)));
        m = scaled.matcher(s);
        if (m.matches()) return exact(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024)));
        return null;
    }

    private static Integer exact(BigDecimal v) {
        try {
            return v.stripTrailingZeros().scale() <= 0 ? v.intValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
