package io.dockyard.registry.ecr;

import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.registry.auth.RegistryTokens;
import io.dockyard.registry.domain.Names;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.Uploads;

import java.util.List;
import java.util.Map;

/** What every ECR operation shares: the registry, uploads, token issuer, and the repository lookups and shapes. */
public final class Ecr {
    final Registry registry;
    final Uploads uploads;
    final RegistryTokens tokens;
    final String registryHost;
    /** The registry as clients reach it ({@code https://host:port} when the edge serves TLS): proxyEndpoint, layer download URLs. */
    final String registryUrl;
    final String account;
    final io.dockyard.registry.scan.ImageScans scans;
    final io.dockyard.registry.domain.ImageStates states;

    public Ecr(Registry registry, Uploads uploads, RegistryTokens tokens, String registryHost, String registryUrl, String account,
               io.dockyard.registry.scan.ImageScans scans, io.dockyard.registry.domain.ImageStates states) {
        this.states = states;
        this.registryUrl = registryUrl;
        this.scans = scans;
        this.registry = registry;
        this.uploads = uploads;
        this.tokens = tokens;
        this.registryHost = registryHost;
        this.account = account;
    }

    static AwsException invalid(String message) { return AwsException.invalidParameter(message); }

    /** The validated {@code repositoryName} member (and {@code registryId}, when given, must be this account). */
    String repositoryName(Map<String, Object> input) {
        String registryId = Doc.str(input, "registryId");
        if (registryId != null && !registryId.matches("[0-9]{12}")) {
            throw invalid("Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''");
        }
        String name = Doc.str(input, "repositoryName");
        if (name == null) throw invalid("Missing required parameter: repositoryName");
        if (!Names.validRepository(name)) {
            throw invalid("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '" + Names.REPOSITORY_PATTERN + "' and have a length between 2 and 256'");
        }
        return name;
    }

    static AwsException notFound(String name, String account) {
        return new AwsException("RepositoryNotFoundException", 400, "The repository with name '" + name + "' does not exist in the registry with id '" + account + "'");
    }

    /** The repository named in the input; RepositoryNotFoundException when missing. */
    Repository repository(Map<String, Object> input, RequestContext ctx) {
        String name = repositoryName(input);
        return registry.findRepository(name).orElseThrow(() -> notFound(name, ctx.account()));
    }

    /** Replaces the named repository with {@code change(repository)} in one transaction; returns the new record. */
    Repository update(Map<String, Object> input, RequestContext ctx, java.util.function.UnaryOperator<Repository> change) {
        return registry.store().atomically(() -> {
            Repository updated = change.apply(repository(input, ctx));
            registry.store().put(io.dockyard.registry.domain.Records.REPOSITORY, updated);
            return updated;
        });
    }

    String arn(RequestContext ctx, String name) { return "arn:aws:ecr:" + ctx.region() + ":" + ctx.account() + ":repository/" + name; }

    String uri(String name) { return registryHost + "/" + name; }

    /** The Repository shape. */
    Map<String, Object> shape(Repository r, RequestContext ctx) {
        Out enc = Out.obj().with("encryptionType", r.encryptionType()).with("kmsKey", r.kmsKey());
        return Out.obj()
                .with("repositoryArn", arn(ctx, r.name()))
                .with("registryId", ctx.account())
                .with("repositoryName", r.name())
                .with("repositoryUri", uri(r.name()))
                .with("createdAt", r.createdAt())
                .with("imageTagMutability", r.imageTagMutability())
                .with("imageTagMutabilityExclusionFilters", exclusionFilters(r))
                .with("imageScanningConfiguration", Map.of("scanOnPush", r.scanOnPush()))
                .with("encryptionConfiguration", enc);
    }

    /** Registry id and repository name, the header of many ECR outputs. */
    static Out head(RequestContext ctx, String name) { return Out.obj().with("registryId", ctx.account()).with("repositoryName", name); }

    /** A repository's exclusion filters as ECR shows them; absent when it has none. */
    static List<Map<String, Object>> exclusionFilters(Repository r) {
        if (r.tagMutabilityExclusions().isEmpty()) return null;
        return r.tagMutabilityExclusions().stream().map(f -> (Map<String, Object>) Out.obj().with("filterType", "WILDCARD").with("filter", f)).toList();
    }
}
