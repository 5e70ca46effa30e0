package io.dockyard.it.edge;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Hostile bodies made on the fly (never held whole in the test's memory). */
final class Floods {
    private Floods() {}

    static final long FIFTY_MB = 50L << 20;

    /** {@code prefix}, then {@code item(i)} for i = 1, 2, … until {@code length} bytes, cut to exactly that length. */
    static Supplier<byte[]> body(String prefix, java.util.function.IntFunction<String> item, long length) {
        return new Supplier<>() {
            long sent;
            int i;
            boolean first = true;

            @Override
            public byte[] get() {
                if (sent >= length) return null;
                StringBuilder b = new StringBuilder(70_000);
                if (first) { b.append(prefix); first = false; }
                while (b.length() < 64 * 1024) b.append(item.apply(++i));
                byte[] c = b.toString().getBytes(StandardCharsets.US_ASCII);
                if (sent + c.length > length) c = java.util.Arrays.copyOf(c, (int) (length - sent));
                sent += c.length;
                return c;
            }
        };
    }

    /** ELBv2 DescribeLoadBalancers with millions of {@code Names.member.N}. */
    static Supplier<byte[]> queryNames(long length) {
        return body("Action=DescribeLoadBalancers&Version=2015-12-01", i -> "&Names.member." + i + "=n", length);
    }

    /** Cloud Map ListNamespaces with millions of filter objects (never closed: the cap comes first). */
    static Supplier<byte[]> jsonFilters(long length) {
        return body("{\"Filters\":[{\"Name\":\"TYPE\",\"Values\":[\"HTTP\"]}", i -> ",{\"Name\":\"TYPE\",\"Values\":[\"HTTP\"]}", length);
    }

    /** A whole small body of {@code length} bytes (within the cap). */
    static String whole(Supplier<byte[]> s) {
        StringBuilder b = new StringBuilder();
        byte[] c;
        while ((c = s.get()) != null) b.append(new String(c, StandardCharsets.US_ASCII));
        return b.toString();
    }
}
