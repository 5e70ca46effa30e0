package io.dockyard.registry.scan;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.ResourceAccess;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.Json;
import io.dockyard.registry.auth.RegistryTokens;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.RegistryException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /_dockyard/ecr/sbom/<repository>@<digest or tag>}: the image's SBOM as CycloneDX 1.5 JSON, a Dockyard
 * extension (ECR exports SBOMs through Inspector). Authenticated as the registry is (HTTP Basic, user {@code AWS}, a
 * GetAuthorizationToken password) and, in secure mode, allowed to whoever may pull the image ({@code ecr:BatchGetImage}).
 */
public final class SbomHandler extends Handler.Abstract {
    public static final String PREFIX = "/_dockyard/ecr/sbom/";
    private static final Logger log = LoggerFactory.getLogger(SbomHandler.class);

    private final Registry registry;
    private final ImageScans scans;
    private final RegistryTokens tokens;
    private volatile ResourceAccess access = ResourceAccess.ANY;
    private volatile String arnPrefix = "arn:aws:ecr:us-east-1:000000000000:repository/";

    public SbomHandler(Registry registry, ImageScans scans, RegistryTokens tokens) {
        this.registry = registry;
        this.scans = scans;
        this.tokens = tokens;
    }

    public void access(ResourceAccess a, String region, String account) {
        this.access = a;
        this.arnPrefix = "arn:aws:ecr:" + region + ":" + account + ":repository/";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String ref = URLDecoder.decode(Request.getPathInContext(request).substring(PREFIX.length()), StandardCharsets.UTF_8);
        if (!request.getMethod().equals("GET")) return error(response, callback, 405, "MethodNotAllowed", "Use GET.");
        String auth = request.getHeaders().get("Authorization");
        var caller = tokens.basicCaller(auth);
        if (caller.isEmpty()) {
            response.getHeaders().put("WWW-Authenticate", "Basic realm=\"dockyard\"");
            return error(response, callback, 401, "Unauthorized", "Authenticate with user AWS and the password of 'aws ecr get-login-password'.");
        }
        int at = ref.lastIndexOf('@');
        int colon = ref.lastIndexOf(':');
        String repo, reference;
        if (at > 0) { repo = ref.substring(0, at); reference = ref.substring(at + 1); }
        else if (colon > 0 && colon > ref.lastIndexOf('/')) { repo = ref.substring(0, colon); reference = ref.substring(colon + 1); }
        else return error(response, callback, 400, "InvalidParameterException", "Name the image as <repository>@<digest> or <repository>:<tag>.");
        try {
            var repository = registry.findRepository(repo).orElse(null);
            if (repository == null) return error(response, callback, 404, "RepositoryNotFoundException", "The repository with name '" + repo + "' does not exist.");
            access.check(caller.get(), "ecr:BatchGetImage", arnPrefix + repo, repository.policyText());
            Image image = registry.resolve(repo, reference);
            if (image == null) return error(response, callback, 404, "ImageNotFoundException", "The image " + ref + " does not exist.");
            String why = ImageScans.unsupported(image);
            if (why != null) return error(response, callback, 400, "UnsupportedImageTypeException", why);
            Sbom sbom = scans.sbom(image);
            byte[] body = Json.write(CycloneDx.document(sbom, repo, image.digest(), registry.clock().instant())).getBytes(StandardCharsets.UTF_8);
            Http.send(response, callback, 200, "application/vnd.cyclonedx+json; version=1.5", body);
        } catch (AwsException e) {
            return error(response, callback, e.status(), e.code(), e.getMessage());
        } catch (RegistryException e) {
            return error(response, callback, 400, "InvalidParameterException", e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            log.info("SBOM of {} failed: {}", ref, e.toString());
            return error(response, callback, 500, "ServerException", "The image's layers could not be read: " + e.getMessage());
        }
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, String code, String message) {
        Http.sendJson(response, callback, status, Map.of("__type", code, "message", message));
        return true;
    }

}
