package io.dockyard.loadbalancer.dataplane;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** ELB's wildcard patterns ({@code *} any run, {@code ?} one character) and IPv4/IPv6 CIDR blocks. */
final class Matchers {
    private Matchers() {}

    static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!lit.isEmpty()) re.append(Pattern.quote(lit.toString()));
                lit.setLength(0);
                re.append(c == '*' ? ".*" : ".");
            } else {
                lit.append(c);
            }
        }
        if (!lit.isEmpty()) re.append(Pattern.quote(lit.toString()));
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** A CIDR block such as {@code 10.0.0.0/8}; matches an address string. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String cidr) {
            try {
                int slash = cidr.indexOf('/');
                byte[] net = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash)).getAddress();
                int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
                return new Cidr(net, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                return new Cidr(new byte[0], 0);
            }
        }

        boolean contains(String address) {
            try {
                byte[] a = InetAddress.getByName(address).getAddress();
                if (a.length != network.length || network.length == 0) return false;
                for (int i = 0; i < bits; i++) {
                    int mask = 0x80 >> (i % 8);
                    if ((a[i / 8] & mask) != (network[i / 8] & mask)) return false;
                }
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
