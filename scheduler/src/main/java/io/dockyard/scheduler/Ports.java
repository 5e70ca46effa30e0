package io.dockyard.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Host ports as the scheduler keeps them: {@code "<port>/<protocol>"}, protocol tcp or udp. */
final class Ports {
    private Ports() {}

    /** "80" → "80/tcp", "53/UDP" → "53/udp"; dynamic ports (0) and blanks are dropped. */
    static List<String> normalize(List<String> ports) {
        List<String> out = new ArrayList<>(ports.size());
        for (String p : ports) {
            String n = normalize(p, "tcp");
            if (n != null && !out.contains(n)) out.add(n);
        }
        return List.copyOf(out);
    }

    /** One port with a default protocol, or null when it is dynamic or blank. */
    static String normalize(String port, String defaultProtocol) {
        if (port == null || port.isBlank()) return null;
        int slash = port.indexOf('/');
        String number = (slash < 0 ? port : port.substring(0, slash)).trim();
        String protocol = slash < 0 ? defaultProtocol : port.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
        if (number.equals("0")) return null;
        return number + "/" + protocol;
    }

    /** The demand with its host ports normalized. */
    static Demand normalize(Demand d) {
        return new Demand(d.cpu(), d.memory(), normalize(d.hostPorts()));
    }
}
