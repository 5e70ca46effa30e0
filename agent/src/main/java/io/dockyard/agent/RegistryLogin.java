package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.AuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Credentials for images in Dockyard's own registry, as the ECS agent gets them for ECR: an
 * authorization token from the control plane's GetAuthorizationToken, used for every image whose
 * registry host is the token's proxy endpoint, refreshed an hour before it expires.
 */
final class RegistryLogin {
    private static final Logger log = LoggerFactory.getLogger(RegistryLogin.class);
    private static final Duration REFRESH_BEFORE = Duration.ofHours(1);

    private record Token(String host, String password, Instant expiresAt) {}

    private final ControlPlane controlPlane;
    private volatile Token token;

    RegistryLogin(ControlPlane controlPlane) { this.controlPlane = controlPlane; }

    ControlPlane controlPlane() { return controlPlane; }

    /** The registry host of an image reference, or null for Docker Hub names ({@code busybox}, {@code library/x}). */
    static String registryHost(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) return null;
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
    }

    /** Docker credentials for the image when it lives in Dockyard's registry. */
    Optional<AuthConfig> forImage(String image) {
        String host = registryHost(image);
        if (host == null) return Optional.empty();
        Token t = current();
        if (t == null || !t.host().equals(host)) return Optional.empty();
        return Optional.of(new AuthConfig().withUsername("AWS").withPassword(t.password()).withRegistryAddress(host));
    }

    /** Whether the image lives in Dockyard's registry (its host is the token's proxy endpoint). */
    boolean ours(String image) {
        String host = registryHost(image);
        Token t = host == null ? null : current();
        return t != null && t.host().equals(host);
    }

    /**
     * Docker credentials for an image of Dockyard's registry from a GetAuthorizationToken signed with {@code as} (the task's
     * execution role session): the registry then authorizes the pull as that role. Not cached (one per pull).
     */
    AuthConfig forImage(String image, io.dockyard.protocol.sigv4.Key as) throws java.io.IOException, InterruptedException {
        JsonNode data = controlPlane.aws("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", "ecr", java.util.Map.of(), as)
                .path("authorizationData").path(0);
        String decoded = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText()), StandardCharsets.UTF_8);
        return new AuthConfig().withUsername("AWS").withPassword(decoded.substring(decoded.indexOf(':') + 1)).withRegistryAddress(registryHost(image));
    }

    private Token current() {
        Token t = token;
        if (t != null && t.expiresAt().minus(REFRESH_BEFORE).isAfter(Instant.now())) return t;
        try {
            JsonNode data = controlPlane.ecrAuthorization().path("authorizationData").path(0);
            String decoded = new String(Base64.getDecoder().decode(data.path("authorizationToken").asText()), StandardCharsets.UTF_8);
            String host = data.path("proxyEndpoint").asText().replaceFirst("^https?://", "");
            Instant expires = Instant.ofEpochMilli((long) (data.path("expiresAt").asDouble() * 1000));
            token = new Token(host, decoded.substring(decoded.indexOf(':') + 1), expires);
            return token;
        } catch (Exception e) {
            log.warn("cannot get registry credentials from the control plane: {}", e.toString());
            return t;
        }
    }
}
