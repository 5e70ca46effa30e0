package io.dockyard.acm;

import io.dockyard.protocol.Out;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What DescribeCertificate and ListCertificates tell about a certificate, read from its X.509 fields. */
final class Details {
    private static final String[] KEY_USAGES = {"DIGITAL_SIGNATURE", "NON_REPUDIATION", "KEY_ENCIPHERMENT", "DATA_ENCIPHERMENT",
            "KEY_AGREEMENT", "CERTIFICATE_SIGNING", "CRL_SIGNING", "ENCIPHER_ONLY", "DECIPHER_ONLY"};
    private static final Map<String, String> EXTENDED = Map.of(
            "1.3.6.1.5.5.7.3.1", "TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.2", "TLS_WEB_CLIENT_AUTHENTICATION",
            "1.3.6.1.5.5.7.3.3", "CODE_SIGNING", "1.3.6.1.5.5.7.3.4", "EMAIL_PROTECTION", "1.3.6.1.5.5.7.3.8", "TIME_STAMPING",
            "1.3.6.1.5.5.7.3.9", "OCSP_SIGNING", "1.3.6.1.5.5.7.3.5", "IPSEC_END_SYSTEM", "1.3.6.1.5.5.7.3.6", "IPSEC_TUNNEL",
            "1.3.6.1.5.5.7.3.7", "IPSEC_USER");

    private Details() {}

    /** The subject's common name, else the first DNS name. */
    static String domainName(X509Certificate c) {
        String cn = attribute(c.getSubjectX500Principal(), "CN");
        if (cn != null) return cn;
        List<String> dns = dnsNames(c);
        return dns.isEmpty() ? null : dns.getFirst();
    }

    /** The names the certificate covers: its domain name and DNS subject alternative names, without repeats. */
    static List<String> names(X509Certificate c) {
        Set<String> out = new LinkedHashSet<>();
        String d = domainName(c);
        if (d != null) out.add(d);
        out.addAll(dnsNames(c));
        return List.copyOf(out);
    }

    static List<String> dnsNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> n : c.getSubjectAlternativeNames()) if (Integer.valueOf(2).equals(n.get(0))) out.add(String.valueOf(n.get(1)));
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    /** The serial as ACM shows it: hex bytes separated by colons. */
    static String serial(X509Certificate c) {
        String hex = c.getSerialNumber().toString(16);
        if (hex.length() % 2 == 1) hex = "0" + hex;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        return b.toString();
    }

    static String status(X509Certificate c, Instant now) { return now.isAfter(c.getNotAfter().toInstant()) ? "EXPIRED" : "ISSUED"; }

    static List<Out> keyUsages(X509Certificate c) {
        List<Out> out = new ArrayList<>();
        boolean[] u = c.getKeyUsage();
        if (u != null) for (int i = 0; i < Math.min(u.length, KEY_USAGES.length); i++) if (u[i]) out.add(Out.obj().with("Name", KEY_USAGES[i]));
        return out;
    }

    static List<Out> extendedKeyUsages(X509Certificate c) {
        List<Out> out = new ArrayList<>();
        try {
            if (c.getExtendedKeyUsage() != null) {
                for (String oid : c.getExtendedKeyUsage()) out.add(Out.obj().with("Name", EXTENDED.getOrDefault(oid, "CUSTOM")).with("OID", oid));
            }
        } catch (CertificateParsingException e) {
            return out;
        }
        return out;
    }

    /** The detail of DescribeCertificate. */
    static Out describe(StoredCertificate s, X509Certificate c, List<String> inUseBy, Instant now) {
        List<String> names = names(c);
        return Out.obj().with("CertificateArn", s.arn()).with("DomainName", domainName(c)).with("SubjectAlternativeNames", names)
                .with("Serial", serial(c)).with("Subject", c.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .with("Issuer", issuer(c)).with("ImportedAt", s.importedAt())
                .with("Status", status(c, now)).with("NotBefore", c.getNotBefore().toInstant()).with("NotAfter", c.getNotAfter().toInstant())
                .with("KeyAlgorithm", Pem.keyAlgorithm(c.getPublicKey())).with("SignatureAlgorithm", c.getSigAlgName().toUpperCase(Locale.ROOT))
                .with("InUseBy", inUseBy).with("Type", "IMPORTED").with("KeyUsages", keyUsages(c)).with("ExtendedKeyUsages", extendedKeyUsages(c))
                .with("RenewalEligibility", "INELIGIBLE")
                .with("Options", Out.obj().with("CertificateTransparencyLoggingPreference", "DISABLED"));
    }

    /** The summary of ListCertificates. */
    static Out summary(StoredCertificate s, X509Certificate c, boolean inUse, Instant now) {
        List<String> names = names(c);
        return Out.obj().with("CertificateArn", s.arn()).with("DomainName", domainName(c))
                .with("SubjectAlternativeNameSummaries", names.subList(0, Math.min(100, names.size())))
                .with("HasAdditionalSubjectAlternativeNames", names.size() > 100)
                .with("Status", status(c, now)).with("Type", "IMPORTED").with("KeyAlgorithm", Pem.keyAlgorithm(c.getPublicKey()))
                .with("KeyUsages", keyUsages(c).stream().map(u -> u.get("Name")).toList())
                .with("ExtendedKeyUsages", extendedKeyUsages(c).stream().map(u -> u.get("Name")).toList())
                .with("InUse", inUse).with("RenewalEligibility", "INELIGIBLE")
                .with("NotBefore", c.getNotBefore().toInstant()).with("NotAfter", c.getNotAfter().toInstant()).with("ImportedAt", s.importedAt());
    }

    /** The issuer's organization, else its common name, else its whole name. */
    static String issuer(X509Certificate c) {
        X500Principal p = c.getIssuerX500Principal();
        String o = attribute(p, "O");
        if (o != null) return o;
        String cn = attribute(p, "CN");
        return cn != null ? cn : p.getName(X500Principal.RFC2253);
    }

    private static String attribute(X500Principal p, String type) {
        try {
            for (Rdn r : new LdapName(p.getName(X500Principal.RFC2253)).getRdns()) if (r.getType().equalsIgnoreCase(type)) return String.valueOf(r.getValue());
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
