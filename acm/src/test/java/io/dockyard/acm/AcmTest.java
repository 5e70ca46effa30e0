package io.dockyard.acm;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.RequestContext;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class AcmTest {
    static final RequestContext CTX = new RequestContext("rid", "us-east-1", "AKID", "000000000000");
    static TestCerts.Made ca, leaf, other;

    final CachedStore store = new CachedStore(new MemoryJournal());
    final Set<String> inUse = ConcurrentHashMap.newKeySet();
    final Acm acm = Acm.start(store, MasterKey.of(new byte[32]), Clock.systemUTC(), "us-east-1", "000000000000")
            .usedBy(arn -> inUse.contains(arn) ? List.of("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/1") : List.of());
    final JsonService api = acm.service();

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCerts.ca("Test CA");
        leaf = TestCerts.leaf(ca, "www.example.com", 0xA1B2L, "www.example.com", "example.com");
        other = TestCerts.leaf(ca, "api.example.com", 77);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String op, Object... kv) {
        Map<String, Object> in = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) in.put((String) kv[i], kv[i + 1]);
        return (Map<String, Object>) api.operations().get(op).handle(in, CTX);
    }

    static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    String code(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e.code() + ": " + e.getMessage();
        }
        throw new AssertionError("no error");
    }

    String importLeaf(TestCerts.Made m, Object... more) {
        Object[] kv = new Object[6 + more.length];
        kv[0] = "Certificate"; kv[1] = b64(m.certPem());
        kv[2] = "PrivateKey"; kv[3] = b64(m.keyPem());
        kv[4] = "CertificateChain"; kv[5] = b64(ca.certPem());
        System.arraycopy(more, 0, kv, 6, more.length);
        return (String) call("ImportCertificate", kv).get("CertificateArn");
    }

    @Test
    @SuppressWarnings("unchecked")
    void importsAndDescribesTheCertificate() {
        String arn = importLeaf(leaf, "Tags", List.of(Map.of("Key", "team", "Value", "web")));
        assertThat(arn).matches("arn:aws:acm:us-east-1:000000000000:certificate/[0-9a-f-]{36}");
        Map<String, Object> d = (Map<String, Object>) call("DescribeCertificate", "CertificateArn", arn).get("Certificate");
        assertThat(d).containsEntry("DomainName", "www.example.com").containsEntry("Serial", "a1:b2").containsEntry("Type", "IMPORTED")
                .containsEntry("Status", "ISSUED").containsEntry("KeyAlgorithm", "RSA_2048").containsEntry("SignatureAlgorithm", "SHA256WITHRSA")
                .containsEntry("Subject", "CN=www.example.com").containsEntry("Issuer", "Dockyard Test").containsEntry("InUseBy", List.of());
        assertThat((List<String>) d.get("SubjectAlternativeNames")).containsExactly("www.example.com", "example.com");
        assertThat(d.get("ImportedAt")).isInstanceOf(Instant.class);
        Map<String, Object> got = call("GetCertificate", "CertificateArn", arn);
        assertThat(got.get("Certificate")).isEqualTo(Pem.encode(leaf.cert()));
        assertThat(got.get("CertificateChain")).isEqualTo(Pem.encode(ca.cert()));
        assertThat(call("ListTagsForCertificate", "CertificateArn", arn).get("Tags")).isEqualTo(List.of(Map.of("Key", "team", "Value", "web")));
    }

    @Test
    void servesTheKeyItSealed() {
        String arn = importLeaf(leaf);
        ServerCertificates.Served s = acm.certificates().find(arn).orElseThrow();
        assertThat(s.key().getEncoded()).isEqualTo(leaf.keys().getPrivate().getEncoded());
        assertThat(s.chain()).containsExactly(leaf.cert(), ca.cert());
        assertThat(s.names()).containsExactly("www.example.com", "example.com");
        StoredCertificate stored = store.get(CertificateBook.CERTIFICATE, arn).orElseThrow();
        assertThat(new String(stored.sealedKey(), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(leaf.keys().getPrivate().getEncoded(), StandardCharsets.ISO_8859_1).substring(40, 80));
        assertThat(acm.certificates().find("arn:aws:acm:us-east-1:000000000000:certificate/none")).isEmpty();
    }

    @Test
    void refusesWhatAcmRefuses() throws Exception {
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64(leaf.certPem()), "PrivateKey", b64(other.keyPem()))))
                .startsWith("ValidationException: The private key does not match");
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n".getBytes()),
                "PrivateKey", b64(leaf.keyPem())))).startsWith("ValidationException: Could not parse the certificate");
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64(leaf.certPem()), "PrivateKey", b64("garbage".getBytes()))))
                .startsWith("ValidationException: The private key is not supported");
        assertThat(code(() -> call("ImportCertificate", "PrivateKey", b64(leaf.keyPem())))).startsWith("ValidationException: 1 validation error");
        var expired = TestCerts.leaf(ca, "old.example.com", 5, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600), TestCerts.keys("RSA", 2048));
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64(expired.certPem()), "PrivateKey", b64(expired.keyPem()))))
                .startsWith("ValidationException: The certificate has expired");
        var otherCa = TestCerts.ca("Other CA");
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64(leaf.certPem()), "PrivateKey", b64(leaf.keyPem()),
                "CertificateChain", b64(otherCa.certPem())))).startsWith("ValidationException: Unable to validate certificate chain");
        byte[] two = (new String(leaf.certPem()) + new String(other.certPem())).getBytes();
        assertThat(code(() -> call("ImportCertificate", "Certificate", b64(two), "PrivateKey", b64(leaf.keyPem()))))
                .startsWith("ValidationException: The certificate field contains more than one certificate");
        assertThat(code(() -> call("DescribeCertificate", "CertificateArn", "nope"))).startsWith("InvalidArnException");
        assertThat(code(() -> call("DescribeCertificate", "CertificateArn", "arn:aws:acm:us-east-1:000000000000:certificate/none")))
                .startsWith("ResourceNotFoundException");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reimportKeepsTheArnAndTagsAndChangesTheCertificate() {
        String arn = importLeaf(leaf, "Tags", List.of(Map.of("Key", "k", "Value", "v")));
        assertThat(importLeaf(other, "CertificateArn", arn)).isEqualTo(arn);
        Map<String, Object> d = (Map<String, Object>) call("DescribeCertificate", "CertificateArn", arn).get("Certificate");
        assertThat(d).containsEntry("DomainName", "api.example.com").containsEntry("Serial", "4d");
        assertThat(call("ListTagsForCertificate", "CertificateArn", arn).get("Tags")).isEqualTo(List.of(Map.of("Key", "k", "Value", "v")));
        assertThat(code(() -> importLeaf(other, "CertificateArn", arn.replaceAll(".{4}$", "0000")))).startsWith("ResourceNotFoundException");
        assertThat(code(() -> importLeaf(other, "CertificateArn", arn, "Tags", List.of(Map.of("Key", "a"))))).startsWith("InvalidParameterException");
    }

    @Test
    @SuppressWarnings("unchecked")
    void deleteIsRefusedWhileInUse() {
        String arn = importLeaf(leaf);
        inUse.add(arn);
        assertThat(code(() -> call("DeleteCertificate", "CertificateArn", arn))).startsWith("ResourceInUseException");
        Map<String, Object> d = (Map<String, Object>) call("DescribeCertificate", "CertificateArn", arn).get("Certificate");
        assertThat((List<String>) d.get("InUseBy")).hasSize(1);
        inUse.clear();
        call("DeleteCertificate", "CertificateArn", arn);
        assertThat(code(() -> call("GetCertificate", "CertificateArn", arn))).startsWith("ResourceNotFoundException");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsFiltersAndPages() throws Exception {
        String a = importLeaf(leaf);
        String b = importLeaf(other);
        var ecKeys = TestCerts.keys("EC", 256);
        var ec = TestCerts.leaf(ca, "ec.example.com", 9, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), ecKeys);
        String c = (String) call("ImportCertificate", "Certificate", b64(ec.certPem()), "PrivateKey", b64(ec.keyPem())).get("CertificateArn");
        List<Map<String, Object>> all = (List<Map<String, Object>>) call("ListCertificates").get("CertificateSummaryList");
        assertThat(all).extracting(m -> m.get("CertificateArn")).containsExactly(a, b);
        List<Map<String, Object>> ecOnly = (List<Map<String, Object>>) call("ListCertificates", "Includes", Map.of("keyTypes", List.of("EC_prime256v1")))
                .get("CertificateSummaryList");
        assertThat(ecOnly).extracting(m -> m.get("CertificateArn")).containsExactly(c);
        Map<String, Object> first = call("ListCertificates", "MaxItems", 1);
        assertThat((List<?>) first.get("CertificateSummaryList")).hasSize(1);
        Map<String, Object> second = call("ListCertificates", "MaxItems", 1, "NextToken", first.get("NextToken"));
        assertThat(((List<Map<String, Object>>) second.get("CertificateSummaryList")).getFirst()).containsEntry("CertificateArn", b);
        assertThat(call("ListCertificates", "CertificateStatuses", List.of("EXPIRED")).get("CertificateSummaryList")).isEqualTo(List.of());
        assertThat(code(() -> call("ListCertificates", "CertificateStatuses", List.of("NOPE")))).startsWith("ValidationException");
    }

    @Test
    void aReopenedStoreServesTheSameKeyUnderTheSameMasterKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MasterKey master = MasterKey.of(new byte[32]);
        String arn;
        var first = io.dockyard.store.SqliteJournal.open(dir.resolve("state.db"));
        try {
            Acm a = Acm.start(first, master, Clock.systemUTC(), "us-east-1", "000000000000");
            Object out = a.service().operations().get("ImportCertificate").handle(Map.of("Certificate", b64(leaf.certPem()),
                    "PrivateKey", b64(leaf.keyPem())), CTX);
            arn = (String) ((Map<?, ?>) out).get("CertificateArn");
        } finally {
            first.close();
        }
        var second = io.dockyard.store.SqliteJournal.open(dir.resolve("state.db"));
        try {
            ServerCertificates.Served s = Acm.start(second, master, Clock.systemUTC(), "us-east-1", "000000000000").certificates().find(arn).orElseThrow();
            assertThat(s.key().getEncoded()).isEqualTo(leaf.keys().getPrivate().getEncoded());
            byte[] otherMaster = new byte[32];
            otherMaster[0] = 1;
            Acm wrongKey = Acm.start(second, MasterKey.of(otherMaster), Clock.systemUTC(), "us-east-1", "000000000000");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrongKey.certificates().find(arn)).isInstanceOf(IllegalStateException.class);
        } finally {
            second.close();
        }
    }

    @Test
    void tagsAreAddedAndRemoved() {
        String arn = importLeaf(leaf);
        call("AddTagsToCertificate", "CertificateArn", arn, "Tags", List.of(Map.of("Key", "a", "Value", "1"), Map.of("Key", "b", "Value", "2")));
        call("RemoveTagsFromCertificate", "CertificateArn", arn, "Tags", List.of(Map.of("Key", "a")));
        assertThat(call("ListTagsForCertificate", "CertificateArn", arn).get("Tags")).isEqualTo(List.of(Map.of("Key", "b", "Value", "2")));
        assertThat(code(() -> call("AddTagsToCertificate", "CertificateArn", arn, "Tags", List.of(Map.of("Key", "aws:x")))))
                .startsWith("InvalidTagException");
    }
}
