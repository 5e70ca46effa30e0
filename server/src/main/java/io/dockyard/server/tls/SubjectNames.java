package io.dockyard.server.tls;

import org.bouncycastle.asn1.x509.GeneralName;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names a server certificate covers (its subject alternative names): DNS names in lower case, IP addresses in the JDK's
 * canonical text ({@code ::1} is {@code 0:0:0:0:0:0:0:1}), so a kept certificate's names compare with the wanted ones.
 */
final class SubjectNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SubjectNames() {}

    /**
     * What the edge's generated certificate covers: loopback, this machine's name, the bind address when specific (when the edge
     * binds every address: every address of this machine's interfaces, so containers reach it at their network's gateway), the extras.
     */
    static Set<String> forEdge(String bindHost, String machineName, Collection<String> extra) {
        Set<String> names = forEdge(bindHost, machineName, extra, List.of());
        if (wildcard(bindHost)) names.addAll(interfaceAddresses());
        return names;
    }

    private static boolean wildcard(String host) { return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::"); }

    /** This machine's addresses (every interface's, up or down; no link-local ones). */
    static Set<String> interfaceAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (java.net.NetworkInterface i : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                // a bridge without containers (docker0) is down, and up again when a task's container joins it
                for (InetAddress a : java.util.Collections.list(i.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) out.add(normal(a.getHostAddress().replaceFirst("%.*$", "")));
                }
            }
        } catch (java.io.IOException e) {
            // none known: loopback and the names given still cover it
        }
        return out;
    }

    /** As {@link #forEdge(String, String, Collection)} with {@code interfaces} for the wildcard's addresses. */
    static Set<String> forEdge(String bindHost, String machineName, Collection<String> extra, Collection<String> interfaces) {
        Set<String> names = new TreeSet<>();
        for (String n : List.of("localhost", "127.0.0.1", "::1")) names.add(normal(n));
        if (machineName != null && !machineName.isBlank()) names.add(normal(machineName));
        if (!wildcard(bindHost)) names.add(normal(bindHost));
        else for (String a : interfaces) names.add(normal(a));
        for (String n : extra) if (n != null && !n.isBlank()) names.add(normal(n.strip()));
        return names;
    }

    static boolean isAddress(String name) { return IPV4.matcher(name).matches() || name.contains(":"); }

    /** The name as certificates and {@link #of} spell it. */
    static String normal(String name) {
        String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (!isAddress(n)) return n.toLowerCase(Locale.ROOT);
        try {
            return InetAddress.getByName(n).getHostAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + name);
        }
    }

    static GeneralName generalName(String name) {
        return new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    /** The DNS names and IP addresses a certificate covers. */
    static Set<String> of(X509Certificate cert) {
        Set<String> out = new TreeSet<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == GeneralName.dNSName || type == GeneralName.iPAddress) out.add(normal((String) san.get(1)));
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return out;
    }
}
