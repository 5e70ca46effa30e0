package io.dockyard.acm;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ImportCertificate, DescribeCertificate, ListCertificates, GetCertificate and DeleteCertificate. */
final class CertificateOperations {
    private static final Set<String> STATUSES = Set.of("PENDING_VALIDATION", "ISSUED", "INACTIVE", "EXPIRED", "VALIDATION_TIMED_OUT", "REVOKED", "FAILED");
    private static final List<String> DEFAULT_KEY_TYPES = List.of("RSA_1024", "RSA_2048");

    private final CertificateBook book;

    CertificateOperations(CertificateBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("ImportCertificate", this::importCertificate), NamedOperation.of("DescribeCertificate", this::describe),
                NamedOperation.of("ListCertificates", this::list), NamedOperation.of("GetCertificate", this::get),
                NamedOperation.of("DeleteCertificate", this::delete));
    }

    /** A blob member: base64 in JSON, at most {@code max} bytes once decoded. */
    static byte[] blob(JsonInput in, String member, int max, boolean required) {
        String b64 = in.str(member);
        String field = Character.toLowerCase(member.charAt(0)) + member.substring(1);
        if (b64 == null) {
            if (required) throw Errors.constraint(field, null, "Member must not be null");
            return null;
        }
        byte[] b;
        try {
            b = Base64.getMimeDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new AwsException("SerializationException", 400, member + " is not valid base64.");
        }
        if (b.length < 1 || b.length > max) throw Errors.constraint(field, "***", "Member must have length between 1 and " + max);
        return b;
    }

    private Object importCertificate(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        byte[] cert = blob(in, "Certificate", 32768, true);
        byte[] key = blob(in, "PrivateKey", 5120, true);
        byte[] chain = blob(in, "CertificateChain", 2097152, false);
        String reimport = in.str("CertificateArn");
        List<Map<String, String>> tags = TagOperations.tags(in);
        if (reimport != null && !tags.isEmpty()) throw Errors.invalidParameter("You cannot add tags while reimporting a certificate.");
        Instant now = book.now();
        Pem.Parsed parsed = Pem.parse(cert, key, chain, now);
        String certPem = Pem.encode(parsed.certificate());
        String chainPem = parsed.chain().isEmpty() ? null : Pem.encode(parsed.chain());
        String arn = book.store.atomically(() -> {
            StoredCertificate old = reimport == null ? null : book.get(reimport);
            String a = old == null ? book.newArn() : old.arn();
            book.put(new StoredCertificate(a, certPem, chainPem, book.seal(a, parsed.key()), now, old == null ? tags : old.tags()));
            return a;
        });
        return Out.obj().with("CertificateArn", arn);
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        StoredCertificate c = book.get(new JsonInput(input).str("CertificateArn"));
        return Out.obj().with("Certificate", Details.describe(c, CertificateBook.leaf(c), book.usersOf(c.arn()), book.now()));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        StoredCertificate c = book.get(new JsonInput(input).str("CertificateArn"));
        return Out.obj().with("Certificate", c.certificatePem()).with("CertificateChain", c.chainPem());
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String arn = new JsonInput(input).str("CertificateArn");
        book.store.atomically(() -> {
            StoredCertificate c = book.get(arn);
            if (!book.usersOf(c.arn()).isEmpty()) throw Errors.inUse(c.arn());
            book.delete(c.arn());
            return null;
        });
        return Out.obj();
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<String> statuses = in.strings("CertificateStatuses");
        for (String s : statuses) if (!STATUSES.contains(s)) throw Errors.constraint("certificateStatuses", statuses, "Member must satisfy enum value set: " + STATUSES);
        JsonInput includes = in.struct("Includes");
        List<String> keyTypes = includes == null || includes.strings("keyTypes").isEmpty() ? DEFAULT_KEY_TYPES : includes.strings("keyTypes");
        List<String> keyUsage = includes == null ? List.of() : includes.strings("keyUsage");
        List<String> extended = includes == null ? List.of() : includes.strings("extendedKeyUsage");
        Integer max = in.integer("MaxItems");
        if (max != null && (max < 1 || max > 1000)) throw Errors.constraint("maxItems", max, "Member must have value between 1 and 1000");
        if ((in.str("SortBy") == null) != (in.str("SortOrder") == null)) throw new AwsException("InvalidArgsException", 400, "SortBy and SortOrder go together.");
        boolean descending = "DESCENDING".equals(in.str("SortOrder"));
        Instant now = book.now();
        List<Out> all = book.all().stream().sorted(Comparator.comparing(StoredCertificate::importedAt).thenComparing(StoredCertificate::arn))
                .map(c -> {
                    X509Certificate leaf = CertificateBook.leaf(c);
                    return Details.summary(c, leaf, !book.usersOf(c.arn()).isEmpty(), now);
                })
                .filter(o -> statuses.isEmpty() || statuses.contains((String) o.get("Status")))
                .filter(o -> keyTypes.contains((String) o.get("KeyAlgorithm")))
                .filter(o -> ((List<?>) o.get("KeyUsages")).containsAll(keyUsage) || keyUsage.contains("ANY"))
                .filter(o -> ((List<?>) o.get("ExtendedKeyUsages")).containsAll(extended) || extended.contains("ANY"))
                .toList();
        if (descending) all = all.reversed();
        Pages<Out> page = Pages.slice(all, max == null ? 1000 : max, in.str("NextToken"), () -> new AwsException("InvalidArgsException", 400, "The NextToken is not valid."));
        return Out.obj().with("CertificateSummaryList", page.items()).with("NextToken", page.nextToken());
    }

}
