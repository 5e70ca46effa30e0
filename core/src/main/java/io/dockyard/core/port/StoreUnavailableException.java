package io.dockyard.core.port;

/**
 * The store cannot reach its database (it is down, or cut off): the request can be retried later. The
 * API edge answers it with the protocol's retryable server error, quickly, instead of hanging.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) { super(message, cause); }
}
