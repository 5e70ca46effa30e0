/**
 * Server-side verification of AWS Signature Version 4: the {@link io.dockyard.protocol.sigv4.SigV4Verifier} checks the
 * {@code Authorization} header or a presigned query string of a {@link io.dockyard.protocol.sigv4.SignedRequest} against
 * the keys a {@link io.dockyard.protocol.sigv4.Credentials} store knows, and refuses anything else with a
 * {@link io.dockyard.protocol.sigv4.SigV4Exception} whose reason maps onto the AWS error code of the wire protocol.
 * <p>
 * The package is a pure library (JDK and {@code javax.crypto} only, no HTTP server types) so the edge can call it.
 */
package io.dockyard.protocol.sigv4;
