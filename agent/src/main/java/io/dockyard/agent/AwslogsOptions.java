package io.dockyard.agent;

import io.dockyard.core.Doc;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code awslogs} options of one container's {@code logConfiguration}, as the ECS agent hands them to
 * Docker's awslogs driver: group, region, stream prefix, create-group, the multiline start pattern (given
 * as a regular expression or as a strftime date format), and the delivery mode with its buffer size.
 */
record AwslogsOptions(String group, String region, String streamPrefix, boolean createGroup, Pattern multilineStart, boolean blocking,
                      long maxBufferBytes) {

    /** ECS's default buffer for non-blocking mode (10m), also the bound of the blocking mode's read-ahead. */
    static final long DEFAULT_BUFFER = 10L * 1024 * 1024;

    /** The options of {@code logConfiguration} when its driver is awslogs, else null. A bad option is a SetupError, as Docker refuses it. */
    static AwslogsOptions of(Map<String, Object> logConfiguration) {
        if (logConfiguration == null || !"awslogs".equals(Doc.str(logConfiguration, "logDriver"))) return null;
        Map<String, Object> o = Doc.map(logConfiguration, "options");
        if (o == null) o = Map.of();
        String group = str(o, "awslogs-group");
        if (group == null || group.isBlank()) throw bad("must specify a value for log opt 'awslogs-group'");
        String multiline = str(o, "awslogs-multiline-pattern"), datetime = str(o, "awslogs-datetime-format");
        if (multiline != null && datetime != null) {
            throw bad("you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time");
        }
        Pattern start;
        try {
            start = multiline != null ? Pattern.compile(multiline) : datetime != null ? Pattern.compile("^" + strftimeRegex(datetime)) : null;
        } catch (PatternSyntaxException e) {
            throw bad("awslogs-multiline-pattern does not compile: " + e.getDescription());
        }
        String mode = str(o, "mode");
        if (mode != null && !mode.equals("blocking") && !mode.equals("non-blocking")) throw bad("unknown log opt 'mode': " + mode);
        String size = str(o, "max-buffer-size");
        long buffer = size == null ? DEFAULT_BUFFER : bytes(size);
        String create = str(o, "awslogs-create-group");
        if (create != null && !create.equalsIgnoreCase("true") && !create.equalsIgnoreCase("false")) {
            throw bad("invalid value for log opt 'awslogs-create-group': " + create);
        }
        return new AwslogsOptions(group, str(o, "awslogs-region"), blankToNull(str(o, "awslogs-stream-prefix")), "true".equalsIgnoreCase(create),
                start, "blocking".equals(mode), buffer);
    }

    /** ECS's stream name: {@code prefix/container-name/task-id}; without a prefix Docker's driver names the stream by the container id. */
    String streamName(String containerName, String taskId, String dockerId) {
        return streamPrefix == null ? dockerId : streamPrefix + "/" + containerName + "/" + taskId;
    }

    private static String str(Map<String, Object> o, String k) {
        Object v = o.get(k);
        return v == null ? null : String.valueOf(v);
    }

    private static String blankToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static ContainerPlan.SetupError bad(String why) {
        return new ContainerPlan.SetupError("CannotStartContainerError: failed to initialize logging driver: " + why);
    }

    /** Docker's size syntax: 1m, 512k, 2g (powers of 1024), or a plain byte count. */
    static long bytes(String s) {
        String v = s.trim().toLowerCase();
        long unit = 1;
        if (v.endsWith("b")) v = v.substring(0, v.length() - 1);
        if (v.endsWith("k")) unit = 1024;
        else if (v.endsWith("m")) unit = 1024 * 1024;
        else if (v.endsWith("g")) unit = 1024L * 1024 * 1024;
        if (unit > 1) v = v.substring(0, v.length() - 1);
        try {
            long n = (long) (Double.parseDouble(v) * unit);
            if (n <= 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw bad("invalid max-buffer-size: " + s);
        }
    }

    /** The regular expression of a strftime format, as Docker's awslogs driver converts {@code awslogs-datetime-format}. */
    static String strftimeRegex(String format) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                re.append(Pattern.quote(String.valueOf(c)));
                continue;
            }
            char d = format.charAt(++i);
            re.append(switch (d) {
                case 'a' -> "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
                case 'A' -> "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
                case 'b' -> "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
                case 'B' -> "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
                case 'd' -> "(?:0[1-9]|[1,2][0-9]|3[0,1])";
                case 'H' -> "(?:[0,1][0-9]|2[0-3])";
                case 'I' -> "(?:0[0-9]|1[0-2])";
                case 'j' -> "(?:0[0-9][1-9]|[1,2][0-9][0-9]|3[0-5][0-9]|36[0-6])";
                case 'L' -> "\\.\\d{3}";
                case 'm' -> "(?:0[1-9]|1[0-2])";
                case 'M' -> "[0-5][0-9]";
                case 'f' -> "\\d{6}";
                case 'p' -> "[A,P]M";
                case 'S' -> "[0-5][0-9]";
                case 'y' -> "\\d{2}";
                case 'Y' -> "\\d{4}";
                case 'z' -> "[+-]\\d{4}";
                case 'Z' -> "[A-Za-z]{1,5}";
                case '%' -> "%";
                default -> Pattern.quote("%" + d);
            });
        }
        return re.toString();
    }
}
