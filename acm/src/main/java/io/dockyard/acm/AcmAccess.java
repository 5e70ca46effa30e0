package io.dockyard.acm;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/**
 * Certificate Manager's IAM actions ({@code acm:<Operation>}) and resources: the certificate a call names by
 * {@code CertificateArn}; a new import (no ARN yet) {@code certificate/*}; ListCertificates none.
 */
public final class AcmAccess implements AccessMapping {
    @Override
    public String service() { return "acm"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        if (in.get("CertificateArn") instanceof String c) return List.of(c);
        if ("ImportCertificate".equals(operation)) return List.of("arn:aws:acm:" + ctx.region() + ":" + ctx.account() + ":certificate/*");
        return List.of();
    }
}
