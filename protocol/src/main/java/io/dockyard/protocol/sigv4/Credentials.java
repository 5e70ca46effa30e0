package io.dockyard.protocol.sigv4;

import java.util.Optional;

/**
 * The store of access keys Dockyard issued, as the {@link SigV4Verifier} sees it.
 * <p>
 * Exceptions thrown by an implementation (a failing database, say) are not request errors; the verifier lets them
 * propagate.
 */
@FunctionalInterface
public interface Credentials {

    /** The key with this access key id, or empty if there is none (the client then sees {@code InvalidClientTokenId}). */
    Optional<Key> find(String accessKeyId);
}
