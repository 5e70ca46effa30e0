package io.dockyard.registry.oci;

import io.dockyard.registry.domain.Problem;

import java.util.Map;

/** The distribution spec's error body: {@code {"errors":[{"code","message","detail"}]}}. */
final class OciErrors {
    private OciErrors() {}

    static Map<String, Object> body(String code, String message) {
        return io.dockyard.protocol.Family.ociBody(code, message);
    }

    static void send(Exchange x, int status, String code, String message) {
        x.discardBody();
        x.json(status, "application/json", body(code, message));
    }

    static void send(Exchange x, Problem p, String message) {
        send(x, p.ociStatus(), p.ociCode(), message);
    }
}
