package io.dockyard.loadbalancer.api;

import io.dockyard.core.AwsException;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/**
 * The certificates of HTTPS listeners: AddListenerCertificates, RemoveListenerCertificates, DescribeListenerCertificates
 * (the default one first, IsDefault true) and DescribeSSLPolicies; and the checks CreateListener and ModifyListener share.
 */
public final class ListenerCertificates {
    static final int MAX_CERTIFICATES = 25;
    private final Elbv2 elb;

    public ListenerCertificates(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("AddListenerCertificates", this::add), NamedOperation.of("RemoveListenerCertificates", this::remove),
                NamedOperation.of("DescribeListenerCertificates", this::describe), NamedOperation.of("DescribeSSLPolicies", this::policies));
    }

    /** The CertificateArn of each member of {@code Certificates}, each one known to Certificate Manager (CertificateNotFound otherwise). */
    static List<String> arns(Elbv2 elb, Map<String, Object> in) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> c : maps(in, "Certificates")) {
            String arn = str(c, "CertificateArn");
            if (arn == null || arn.isEmpty()) throw ElbErrors.validation("A certificate ARN must be specified");
            if (elb.certificates().find(arn).isEmpty()) throw new AwsException("CertificateNotFound", 400, "Certificate '" + arn + "' not found");
            if (!out.contains(arn)) out.add(arn);
        }
        return out;
    }

    /**
     * The certificates and policy of a listener with protocol {@code protocol} after a CreateListener ({@code old} null) or
     * a ModifyListener: HTTPS needs a default certificate; other protocols take neither certificates nor a policy.
     */
    static Listener tls(Elbv2 elb, Listener l, Listener old, Map<String, Object> in) {
        List<String> given = arns(elb, in);
        String policy = str(in, "SslPolicy");
        if (!l.https()) {
            if (!given.isEmpty()) throw ElbErrors.validation("Certificates can be specified only for HTTPS listeners");
            if (policy != null) throw ElbErrors.validation("An SSL policy can be specified only for HTTPS listeners");
            return l.withTls(List.of(), null);
        }
        if (old == null && given.size() > 1) throw ElbErrors.validation("A listener can have only one default certificate; add the others with AddListenerCertificates");
        List<String> certs = new ArrayList<>(old != null && old.https() ? old.certificates() : List.of());
        if (!given.isEmpty()) {
            if (given.size() > 1) throw ElbErrors.validation("You can specify only one default certificate");
            certs.remove(given.getFirst());
            if (certs.isEmpty()) certs.add(given.getFirst());
            else certs.set(0, given.getFirst());
        }
        if (certs.isEmpty()) throw ElbErrors.validation("A certificate must be specified for HTTPS listeners");
        String p = policy != null ? SslPolicies.check(policy) : old != null && old.sslPolicy() != null ? old.sslPolicy() : SslPolicies.DEFAULT;
        return l.withTls(certs, p);
    }

    private Listener https(String arn) {
        Listener l = elb.listener(arn);
        if (!l.https()) throw ElbErrors.validation("Certificates can be added only to HTTPS listeners; '" + arn + "' is " + l.protocol());
        return l;
    }

    private Object add(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "ListenerArn");
        if (maps(in, "Certificates").isEmpty()) throw ElbErrors.validation("At least one certificate must be specified");
        List<String> given = new ArrayList<>();
        Listener changed = elb.store().atomically(() -> {
            given.clear();
            given.addAll(arns(elb, in));
            Listener l = https(arn);
            List<String> certs = new ArrayList<>(l.certificates());
            for (String c : given) if (!certs.contains(c)) certs.add(c);
            if (certs.size() > MAX_CERTIFICATES + 1) throw new AwsException("TooManyCertificates", 400, "A listener can have at most " + MAX_CERTIFICATES + " certificates besides its default one");
            Listener c = l.withTls(certs, l.sslPolicy());
            elb.store().put(LbKinds.LISTENER, c);
            return c;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Certificates", given.stream().map(c -> entry(c, c.equals(changed.certificates().getFirst()))).toList());
    }

    private Object remove(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "ListenerArn");
        List<String> given = new ArrayList<>();
        for (Map<String, Object> c : maps(in, "Certificates")) given.add(required(c, "CertificateArn"));
        if (given.isEmpty()) throw ElbErrors.validation("At least one certificate must be specified");
        elb.store().atomically(() -> {
            Listener l = https(arn);
            if (given.contains(l.certificates().getFirst())) throw ElbErrors.operationNotPermitted("The default certificate of a listener cannot be removed; replace it with ModifyListener");
            List<String> certs = new ArrayList<>(l.certificates());
            certs.removeAll(given);
            elb.store().put(LbKinds.LISTENER, l.withTls(certs, l.sslPolicy()));
            return null;
        });
        elb.dataPlane().changed();
        return Out.obj();
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        Listener l = elb.listener(required(in, "ListenerArn"));
        List<Out> all = new ArrayList<>();
        for (int i = 0; i < l.certificates().size(); i++) all.add(entry(l.certificates().get(i), i == 0));
        var page = Shapes.page(all, str(in, "Marker"), integer(in, "PageSize", 1, 400));
        return Out.obj().with("Certificates", page.items()).with("NextMarker", page.nextToken());
    }

    private Object policies(Map<String, Object> in, RequestContext ctx) {
        var page = Shapes.page(SslPolicies.describe(strings(in, "Names")), str(in, "Marker"), integer(in, "PageSize", 1, 400));
        return Out.obj().with("SslPolicies", page.items()).with("NextMarker", page.nextToken());
    }

    private static Out entry(String arn, boolean isDefault) { return Out.obj().with("CertificateArn", arn).with("IsDefault", isDefault); }

    /** The load balancers whose listeners present the certificate (Certificate Manager's InUseBy). */
    public static List<String> users(Elbv2 elb, String certificateArn) {
        return elb.store().list(LbKinds.LISTENER, l -> l.certificates().contains(certificateArn)).stream()
                .map(Listener::loadBalancerArn).distinct().sorted().toList();
    }
}
