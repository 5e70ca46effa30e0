package io.dockyard.protocol.sigv4;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SigV4 parameters of a request, from its {@code Authorization} header or its presigned query string, checked for
 * shape: a valid credential scope whose date is the date of {@code X-Amz-Date}, and {@code host} among the signed headers.
 *
 * @param presigned      whether the parameters came from the query string
 * @param scope          the credential scope
 * @param signedHeaders  the signed header names, in the order the client listed them
 * @param signature      the signature the client sent
 * @param amzDate        the request date as it goes into the string to sign ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param signedAt       {@code amzDate} as an instant
 * @param expiresSeconds {@code X-Amz-Expires} of a presigned request, or {@code null}
 */
record ParsedAuth(boolean presigned, CredentialScope scope, List<String> signedHeaders, String signature, String amzDate,
                  Instant signedAt, Long expiresSeconds) {
    private static final int MAX_SIGNED_HEADERS = 256;

    /** Validates the pieces common to both forms; INCOMPLETE messages end with {@code suffix}. */
    static ParsedAuth of(boolean presigned, String credential, String signedHeaders, String signature, String amzDate,
                         Instant signedAt, Long expiresSeconds, String suffix) {
        CredentialScope scope = CredentialScope.parse(credential, suffix);
        List<String> names = signedHeaders(signedHeaders, suffix);
        String httpDate = amzDate.substring(0, 8);
        if (!scope.date().equals(httpDate)) {
            throw Text.incomplete("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                                  + scope.date() + "' != '" + httpDate + "', from '" + amzDate + "'." + suffix);
        }
        return new ParsedAuth(presigned, scope, names, signature, amzDate, signedAt, expiresSeconds);
    }

    private static List<String> signedHeaders(String list, String suffix) {
        String[] parts = list.split(";", -1);
        if (parts.length > MAX_SIGNED_HEADERS) {
            throw Text.incomplete("Too many SignedHeaders: " + parts.length + " (at most " + MAX_SIGNED_HEADERS + ")." + suffix);
        }
        List<String> names = new ArrayList<>(parts.length);
        boolean host = false;
        for (String p : parts) {
            if (p.isEmpty() || !p.strip().equals(p)) {
                throw Text.incomplete("SignedHeaders must be a ';'-separated list of header names, not '" + Text.echo(list) + "'."
                                      + suffix);
            }
            host |= p.equalsIgnoreCase("host");
            names.add(p);
        }
        if (!host) throw Text.incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." + suffix);
        return List.copyOf(names);
    }
}
