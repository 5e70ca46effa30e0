package io.dockyard.protocol;

import java.time.Instant;

/** Told of every AWS API request the protocol handlers answered: for Dockyard's own metrics and traces. */
@FunctionalInterface
public interface RequestObserver {
    /**
     * @param service  the target prefix (JSON, CBOR) or signing name (Query) of the service, or "unknown"
     * @param operation the operation, or "unknown" when the request named none that exists
     */
    void observed(String service, String operation, int status, Instant started, long nanos);

    RequestObserver NONE = (service, operation, status, started, nanos) -> {};
}
