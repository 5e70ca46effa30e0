package io.dockyard.api.ecs.taskdef;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Task-level cpu and memory strings: CPU units or "1 vCPU", MiB or "2 GB", as ECS accepts them. */
final class TaskSize {
    private static final Pattern UNITS = Pattern.compile("\\s*(\\d+)\\s*");
    private static final Pattern VCPU = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*vcpu\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GB = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*gb\\s*", Pattern.CASE_INSENSITIVE);

    private TaskSize() {}

    /** CPU units, or null when absent or not a recognised form. */
    static Integer cpu(String s) {
        if (s == null) return null;
        Matcher m = UNITS.matcher(s);
        if (m.matches()) return parse(m.group(1));
        m = VCPU.matcher(s);
        if (m.matches()) return scaled(m.group(1), 1024);
        return null;
    }

    /** MiB, or null when absent or not a recognised form. */
    static Integer memory(String s) {
        if (s == null) return null;
        Matcher m = UNITS.matcher(s);
        if (m.matches()) return parse(m.group(1));
        m = GB.matcher(s.toLowerCase(Locale.ROOT));
        if (m.matches()) return scaled(m.group(1), 1024);
        return null;
    }

    private static Integer parse(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer scaled(String number, int factor) {
        double v = Double.parseDouble(number) * factor;
        return v == Math.rint(v) && v <= Integer.MAX_VALUE ? (int) v : null;
    }
}
