package io.dockyard.protocol.sigv4;

/**
 * The credential of a SigV4 signature, {@code AKID/yyyyMMdd/region/service/aws4_request}, validated.
 *
 * @param accessKeyId the access key id
 * @param date        the scope date, {@code yyyyMMdd}
 * @param region      the region
 * @param service     the service signing name
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {
    private static final int MAX_PART = 128;

    /** {@code date/region/service/aws4_request}: the scope as it appears in the string to sign. */
    String scope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    /**
     * Parses {@code credential}; on failure throws an INCOMPLETE {@link SigV4Exception} whose message ends with
     * {@code suffix} (the AWS-style echo of the header or query).
     */
    static CredentialScope parse(String credential, String suffix) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            throw Text.incomplete("Credential should be scoped by 5 parts separated by '/': "
                                  + "<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request, not '"
                                  + Text.echo(credential) + "'." + suffix);
        }
        if (!token(parts[0])) {
            throw Text.incomplete("Credential should contain a valid access key id, not '" + Text.echo(parts[0]) + "'." + suffix);
        }
        if (!AmzDate.isScopeDate(parts[1])) {
            throw Text.incomplete("Credential should be scoped to a valid date (yyyyMMdd), not '" + Text.echo(parts[1]) + "'."
                                  + suffix);
        }
        if (!token(parts[2])) {
            throw Text.incomplete("Credential should be scoped to a valid region, not '" + Text.echo(parts[2]) + "'." + suffix);
        }
        if (!token(parts[3])) {
            throw Text.incomplete("Credential should be scoped to a valid service, not '" + Text.echo(parts[3]) + "'." + suffix);
        }
        if (!parts[4].equals("aws4_request")) {
            throw Text.incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                                  + Text.echo(parts[4]) + "'." + suffix);
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Non-empty, at most {@value #MAX_PART} characters, printable ASCII without spaces. */
    private static boolean token(String s) {
        if (s.isEmpty() || s.length() > MAX_PART) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }
}
