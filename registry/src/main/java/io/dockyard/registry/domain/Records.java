package io.dockyard.registry.domain;

import io.dockyard.core.port.Kind;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The registry's stored records and their kinds. */
public final class Records {
    private Records() {}

    /** A tag on a repository resource (ECR's {@code Key}/{@code Value}). */
    public record ResourceTag(String key, String value) {}

    /**
     * An ECR repository and its settings. {@code tagMutabilityExclusions}: the WILDCARD filters of a
     * {@code MUTABLE_WITH_EXCLUSION} (tags they match are immutable) or {@code IMMUTABLE_WITH_EXCLUSION} (tags they
     * match stay mutable) repository; empty otherwise.
     */
    public record Repository(String name, Instant createdAt, String imageTagMutability, boolean scanOnPush,
                             String encryptionType, String kmsKey, List<ResourceTag> tags, String policyText,
                             String lifecyclePolicyText, Instant lifecycleEvaluatedAt, List<String> tagMutabilityExclusions) {
        public Repository {
            tagMutabilityExclusions = tagMutabilityExclusions == null ? List.of() : List.copyOf(tagMutabilityExclusions);
        }

        public Repository(String name, Instant createdAt, String imageTagMutability, boolean scanOnPush, String encryptionType, String kmsKey,
                          List<ResourceTag> tags, String policyText, String lifecyclePolicyText, Instant lifecycleEvaluatedAt) {
            this(name, createdAt, imageTagMutability, scanOnPush, encryptionType, kmsKey, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, List.of());
        }

        public Repository withTags(List<ResourceTag> t) { return new Repository(name, createdAt, imageTagMutability, scanOnPush, encryptionType, kmsKey, t, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, tagMutabilityExclusions); }
        public Repository withMutability(String m, List<String> exclusions) { return new Repository(name, createdAt, m, scanOnPush, encryptionType, kmsKey, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, exclusions); }
        public Repository withPolicy(String p) { return new Repository(name, createdAt, imageTagMutability, scanOnPush, encryptionType, kmsKey, tags, p, lifecyclePolicyText, lifecycleEvaluatedAt, tagMutabilityExclusions); }
        public Repository withLifecycle(String p, Instant evaluated) { return new Repository(name, createdAt, imageTagMutability, scanOnPush, encryptionType, kmsKey, tags, policyText, p, evaluated, tagMutabilityExclusions); }
        public Repository withScanOnPush(boolean on) { return new Repository(name, createdAt, imageTagMutability, on, encryptionType, kmsKey, tags, policyText, lifecyclePolicyText, lifecycleEvaluatedAt, tagMutabilityExclusions); }

        /** Whether {@code tag}, once it names an image, may not be moved to another: by the mutability setting and its exclusion filters. */
        public boolean immutable(String tag) {
            return switch (imageTagMutability == null ? "MUTABLE" : imageTagMutability) {
                case "IMMUTABLE" -> true;
                case "IMMUTABLE_WITH_EXCLUSION" -> !excluded(tag);
                case "MUTABLE_WITH_EXCLUSION" -> excluded(tag);
                default -> false;
            };
        }

        private boolean excluded(String tag) {
            for (String f : tagMutabilityExclusions) if (Wildcard.matches(f, tag)) return true;
            return false;
        }
    }

    /** ECR's WILDCARD tag filters: {@code *} matches any run of characters, everything else itself. */
    public static final class Wildcard {
        private Wildcard() {}

        public static boolean matches(String filter, String tag) {
            StringBuilder re = new StringBuilder();
            for (char c : filter.toCharArray()) re.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
            return tag.matches(re.toString());
        }
    }

    /** A content descriptor inside a stored manifest. */
    public record Ref(String mediaType, String digest, long size) {}

    /** A manifest (image, index, or artifact) in a repository; its bytes live in the byte store under its digest. */
    public record Image(String repository, String digest, String mediaType, String artifactType, String configMediaType,
                        long manifestSize, long imageSize, Instant pushedAt, Instant lastPulledAt,
                        List<Ref> blobs, List<Ref> manifests, String subject, Map<String, String> annotations) {
        public String key() { return repository + "@" + digest; }
        public Image pulled(Instant at) { return new Image(repository, digest, mediaType, artifactType, configMediaType, manifestSize, imageSize, pushedAt, at, blobs, manifests, subject, annotations); }
    }

    /** A tag pointing at a manifest digest. */
    public record Tag(String repository, String tag, String digest, Instant updatedAt) {}

    /** A blob made visible in a repository (pushed or mounted there). */
    public record BlobLink(String repository, String digest, long size, Instant linkedAt) {}

    /** A blob upload session in progress; its bytes sit in the byte store's staging area of the same id. */
    public record Upload(String id, String repository, Instant startedAt) {}

    /** A registry-wide setting: the registry policy ({@code policy}) and ECR account settings, by name. */
    public record RegistrySetting(String name, String value) {}

    /** The last lifecycle policy preview of a repository. */
    public record Preview(String repository, String policyText, String status, List<PreviewResult> results) {}

    /** One image a preview would expire. */
    public record PreviewResult(String digest, List<String> tags, Instant pushedAt, int rulePriority) {}

    /**
     * A pull-through cache rule: repositories named {@code <ecrRepositoryPrefix>/<upstream repository>} are filled from
     * {@code upstreamRegistryUrl} on first pull; {@code credentialArn} names a Secrets Manager secret
     * {@code {"username","accessToken"}} for the upstream.
     */
    public record PullThroughCacheRule(String ecrRepositoryPrefix, String upstreamRegistryUrl, String upstreamRegistry, String credentialArn,
                                       String customRoleArn, String upstreamRepositoryPrefix, Instant createdAt, Instant updatedAt) {}

    /**
     * A repository creation template: the settings given to repositories created by a pull-through cache rule or on push
     * ({@code appliedFor}) whose name starts with {@code prefix/} ({@code ROOT}: any name).
     */
    public record CreationTemplate(String prefix, String description, String encryptionType, String kmsKey, List<ResourceTag> resourceTags,
                                   String imageTagMutability, List<String> tagMutabilityExclusions, String repositoryPolicy,
                                   String lifecyclePolicy, List<String> appliedFor, String customRoleArn, Instant createdAt, Instant updatedAt) {}

    /** When a pull-through cache tag ({@code repository:tag}) was last checked against its upstream. */
    public record UpstreamCheck(String key, String digest, Instant checkedAt) {}

    /** A replication destination: a region and a registry (account id). */
    public record ReplicationDestination(String region, String registryId) {}

    /** A replication rule: where matching repositories' images go; {@code prefixes} are PREFIX_MATCH filters (none: every repository). */
    public record ReplicationRule(List<ReplicationDestination> destinations, List<String> prefixes) {
        public boolean covers(String repository) { return prefixes.isEmpty() || prefixes.stream().anyMatch(repository::startsWith); }
    }

    /** The registry's replication configuration (one record, key {@link #REPLICATION_KEY}). */
    public record ReplicationConfiguration(String name, List<ReplicationRule> rules) {}

    public static final String REPLICATION_KEY = "replication", SIGNING_KEY = "signing";

    /** One destination of an image's replication: IN_PROGRESS, COMPLETE or FAILED (with a failure code). */
    public record ReplicationStatus(String region, String registryId, String status, String failureCode) {}

    /** The replication of one pushed image ({@code repository@digest}) to the destinations its rules named at push time. */
    public record ImageReplication(String key, List<ReplicationStatus> destinations) {}

    /** A signing rule: an AWS Signer profile ARN and WILDCARD_MATCH repository filters (none: every repository). */
    public record SigningRule(String signingProfileArn, List<String> filters) {
        public boolean covers(String repository) { return filters.isEmpty() || filters.stream().anyMatch(f -> Wildcard.matches(f, repository)); }
    }

    /** The registry's signing configuration (one record, key {@link #SIGNING_KEY}). */
    public record SigningConfiguration(String name, List<SigningRule> rules) {}

    /** A principal whose pulls do not update {@code lastRecordedPullTime}. */
    public record PullTimeExclusion(String principalArn, Instant createdAt) {}

    /**
     * An image's storage class ({@code repository@digest}): archived, or restored and ACTIVATING until {@code lastActivatedAt}.
     * No record: ACTIVE and never archived.
     */
    public record ImageArchive(String key, boolean archived, Instant lastArchivedAt, Instant lastActivatedAt) {
        /** ACTIVE, ARCHIVED or ACTIVATING at {@code now}. */
        public String status(Instant now) { return archived ? "ARCHIVED" : now.isBefore(lastActivatedAt) ? "ACTIVATING" : "ACTIVE"; }
    }

    public static final Kind<Repository> REPOSITORY = Kind.of("ecr.repository", Repository.class, Repository::name);
    public static final Kind<Image> IMAGE = Kind.of("ecr.image", Image.class, Image::key);
    public static final Kind<Tag> TAG = Kind.of("ecr.tag", Tag.class, t -> t.repository() + ":" + t.tag());
    public static final Kind<BlobLink> BLOB_LINK = Kind.of("ecr.blob-link", BlobLink.class, b -> b.repository() + "@" + b.digest());
    public static final Kind<Upload> UPLOAD = Kind.of("ecr.upload", Upload.class, Upload::id);
    public static final Kind<RegistrySetting> REGISTRY_SETTING = Kind.of("ecr.registry-setting", RegistrySetting.class, RegistrySetting::name);
    public static final Kind<Preview> PREVIEW = Kind.of("ecr.lifecycle-preview", Preview.class, Preview::repository);
    public static final Kind<PullThroughCacheRule> PULL_THROUGH_CACHE_RULE = Kind.of("ecr.pull-through-cache-rule", PullThroughCacheRule.class,
            PullThroughCacheRule::ecrRepositoryPrefix);
    public static final Kind<CreationTemplate> CREATION_TEMPLATE = Kind.of("ecr.creation-template", CreationTemplate.class, CreationTemplate::prefix);
    public static final Kind<UpstreamCheck> UPSTREAM_CHECK = Kind.of("ecr.upstream-check", UpstreamCheck.class, UpstreamCheck::key);
    public static final Kind<ReplicationConfiguration> REPLICATION = Kind.of("ecr.replication-configuration", ReplicationConfiguration.class, ReplicationConfiguration::name);
    public static final Kind<ImageReplication> IMAGE_REPLICATION = Kind.of("ecr.image-replication", ImageReplication.class, ImageReplication::key);
    public static final Kind<SigningConfiguration> SIGNING = Kind.of("ecr.signing-configuration", SigningConfiguration.class, SigningConfiguration::name);
    public static final Kind<PullTimeExclusion> PULL_TIME_EXCLUSION = Kind.of("ecr.pull-time-exclusion", PullTimeExclusion.class, PullTimeExclusion::principalArn);
    public static final Kind<ImageArchive> IMAGE_ARCHIVE = Kind.of("ecr.image-archive", ImageArchive.class, ImageArchive::key);
}
