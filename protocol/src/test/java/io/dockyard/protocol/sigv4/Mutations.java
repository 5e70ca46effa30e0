package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dockyard.protocol.sigv4.SigV4Exception.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test helper: flips one character (XOR 1) of each part of a correctly signed request in turn and checks that the
 * verifier refuses every variant.
 */
final class Mutations {
    /** Flips that break the signature or the structure. */
    static final Set<Reason> BROKEN = EnumSet.of(Reason.BAD_SIGNATURE, Reason.INCOMPLETE);
    /** Flips in a presigned query may also hit the access key id or the session token. */
    static final Set<Reason> BROKEN_QUERY = EnumSet.of(Reason.BAD_SIGNATURE, Reason.INCOMPLETE, Reason.UNKNOWN_KEY,
            Reason.TOKEN_MISMATCH);

    private Mutations() {}

    static String flip(String s, int i) {
        char[] c = s.toCharArray();
        c[i] ^= 1;
        return new String(c);
    }

    static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    static void assertRejected(SigV4Verifier v, SignedRequest r, Instant now, Set<Reason> allowed, String what) {
        SigV4Exception e = catchThrowableOfType(SigV4Exception.class, () -> v.verify(r, SdkOracle.CREDENTIALS, now));
        assertThat(e).as("must be refused: " + what + " in " + r).isNotNull();
        assertThat(e.reason()).as(what + ": " + e.getMessage()).isIn(allowed);
    }

    /** Every single-character flip of path, query, signed header values and signature is refused; body flips too if signed. */
    static int assertEveryFlipRejected(SigV4Verifier v, SignedRequest r, Instant now, boolean bodySigned) {
        int count = 0;
        byte[] body = r.body() == null ? new byte[0] : r.body();
        for (int i : positions(body.length)) {
            SignedRequest m = SdkOracle.withBody(r, flip(body, i));
            if (bodySigned) {
                assertRejected(v, m, now, BROKEN, "body byte " + i);
            } else {
                assertThat(v.verify(m, SdkOracle.CREDENTIALS, now).payloadSigned()).isFalse();
            }
            count++;
        }
        for (int i = 0; i < r.rawPath().length(); i++, count++) {
            assertRejected(v, SdkOracle.withPath(r, flip(r.rawPath(), i)), now, BROKEN, "path char " + i);
        }
        String q = r.rawQuery() == null ? "" : r.rawQuery();
        for (int i = 0; i < q.length(); i++, count++) {
            assertRejected(v, SdkOracle.withQuery(r, flip(q, i)), now, BROKEN_QUERY, "query char " + i + " of " + q);
        }
        assertRejected(v, SdkOracle.withQuery(r, q.isEmpty() ? "extra=1" : q + "&extra=1"), now, BROKEN, "added parameter");
        for (String name : signedHeaderNames(r)) {
            for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                if (!h.getKey().equalsIgnoreCase(name)) continue;
                for (int j = 0; j < h.getValue().size(); j++) {
                    String value = h.getValue().get(j);
                    for (int i = 0; i < value.length(); i++, count++) {
                        List<String> values = new ArrayList<>(h.getValue());
                        values.set(j, flip(value, i));
                        Set<Reason> allowed = name.equalsIgnoreCase("x-amz-security-token") ? EnumSet.of(Reason.TOKEN_MISMATCH) : BROKEN;
                        assertRejected(v, SdkOracle.withHeader(r, h.getKey(), values), now, allowed, "header " + name + " char " + i);
                    }
                }
            }
        }
        String auth = authorization(r);
        if (auth != null) {
            int at = auth.indexOf("Signature=") + "Signature=".length();
            for (int i = at; i < auth.length(); i++, count++) {
                assertRejected(v, SdkOracle.withHeader(r, authorizationName(r), List.of(flip(auth, i))), now,
                        EnumSet.of(Reason.BAD_SIGNATURE), "signature char " + i);
            }
        }
        return count;
    }

    /** The signed header names, from the Authorization header or X-Amz-SignedHeaders. */
    static List<String> signedHeaderNames(SignedRequest r) {
        String auth = authorization(r);
        String list;
        if (auth != null) {
            int at = auth.indexOf("SignedHeaders=") + "SignedHeaders=".length();
            list = auth.substring(at, auth.indexOf(',', at));
        } else {
            list = QueryString.first(QueryString.parse(r.rawQuery()), "X-Amz-SignedHeaders");
        }
        return List.of(list.split(";"));
    }

    static String authorization(SignedRequest r) {
        String name = authorizationName(r);
        return name == null ? null : r.headers().get(name).get(0);
    }

    private static String authorizationName(SignedRequest r) {
        return r.headers().keySet().stream().filter("Authorization"::equalsIgnoreCase).findFirst().orElse(null);
    }

    /** All positions of a short array, a spread of 97 (with both ends) of a long one. */
    private static List<Integer> positions(int length) {
        List<Integer> p = new ArrayList<>();
        if (length <= 512) {
            for (int i = 0; i < length; i++) p.add(i);
        } else {
            for (int k = 0; k < 96; k++) p.add((int) ((long) length * k / 96));
            p.add(length - 1);
        }
        return p;
    }

    static void assertReason(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SigV4Exception.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
