package io.dockyard.protocol;

import io.dockyard.protocol.sigv4.SignedRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call the AWS APIs on the edge. Every request to an AWS JSON, Query or CBOR service passes it twice: once
 * signed bytes in ({@link #authenticate}: the caller), once the operation known and its input parsed ({@link #authorize}).
 * Local mode ({@link #LOCAL}) reads the access key and region from the signature and lets everything through; secure mode
 * verifies the signature and evaluates the caller's policies. Either throws an {@link io.dockyard.core.AwsException} in the
 * protocol's terms.
 */
public interface Gate {

    /** The caller: its access key id, the region its signature is scoped to (null: none), who it is (opaque here), its address. */
    record Caller(String accessKeyId, String region, Object principal, String sourceIp) {}

    Caller authenticate(SignedRequest request, String sourceIp, boolean queryProtocol);

    /** {@code service} is the signing name of the service that answers ({@code ecs}, {@code sts}, …). */
    void authorize(Caller caller, String service, String operation, Map<String, Object> input, RequestContext ctx, boolean queryProtocol);

    /**
     * A console sign-in with an IAM user's password (its login profile) in account {@code accountId} (null or empty: this
     * Dockyard's one account): the caller the user's access keys would be — the same principal and policies. A wrong
     * account, user or password is refused alike, so the answer does not tell which users exist. Only secure mode signs
     * in this way.
     */
    default Caller signIn(String accountId, String userName, String password, String sourceIp) {
        throw new io.dockyard.core.AwsException("InvalidAction", 400, "Password sign-in is only offered in secure mode.");
    }

    /** Local mode: any credentials are accepted (the edge guard has already required a signature's form). */
    Gate LOCAL = new Gate() {
        @Override
        public Caller authenticate(SignedRequest request, String sourceIp, boolean queryProtocol) {
            Optional<SigV4> sig = SigV4.parse(first(request.headers(), "Authorization"));
            if (sig.isPresent()) return new Caller(sig.get().accessKeyId(), sig.get().region(), null, sourceIp);
            return SigV4.presigned(request.rawQuery()).map(p -> new Caller(p.accessKeyId(), p.region(), null, sourceIp))
                    .orElse(new Caller("anonymous", null, null, sourceIp));
        }

        @Override
        public void authorize(Caller caller, String service, String operation, Map<String, Object> input, RequestContext ctx, boolean queryProtocol) {}
    };

    /** The address a request came from (no proxy headers are trusted). */
    static String sourceIp(Request request) {
        java.net.SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        return a instanceof java.net.InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : null;
    }

    /** The request as the verifier reads it: method, raw path and query, every header, the body as sent. */
    static SignedRequest signed(Request request, byte[] rawBody) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField f : request.getHeaders()) headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(f.getValue());
        if (!headers.containsKey(HttpHeader.HOST.asString()) && request.getHttpURI().getAuthority() != null) {
            headers.put(HttpHeader.HOST.asString(), List.of(request.getHttpURI().getAuthority()));
        }
        return new SignedRequest(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(), headers, rawBody);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().getFirst();
        }
        return null;
    }
}
