package io.dockyard.registry.domain;

import io.dockyard.core.port.Store;
import io.dockyard.registry.bytes.ByteStore;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.bytes.Digester;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Ref;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Records.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry's state, shared by the OCI distribution endpoints and the ECR API: repositories,
 * manifests, tags and the blobs visible in each repository. Metadata is in the {@link Store};
 * bytes (blobs and manifests alike, by digest) in the {@link ByteStore}.
 */
public final class Registry {
    /** Largest manifest accepted (OCI asks registries to take at least 4 MiB). */
    public static final long MAX_MANIFEST = 4L << 20;
    private static final Duration PULL_RECORD_GRANULARITY = Duration.ofSeconds(60);

    private final Store store;
    private final ByteStore bytes;
    private final Clock clock;
    private volatile java.util.function.Consumer<Image> pushed = i -> { };

    public Registry(Store store, ByteStore bytes, Clock clock) {
        this.store = store;
        this.bytes = bytes;
        this.clock = clock;
    }

    public Store store() { return store; }
    public ByteStore bytes() { return bytes; }
    public Clock clock() { return clock; }

    private volatile java.util.function.BiConsumer<String, String> deleted = (repo, digest) -> { };

    /** Told of every image deleted (repository, digest), inside the deleting transaction: records kept per image go with it. */
    public void onDelete(java.util.function.BiConsumer<String, String> listener) { this.deleted = this.deleted.andThen(listener); }

    /** Told of every manifest pushed (after it is stored), on the pushing thread: keep it short. */
    public void onPush(java.util.function.Consumer<Image> listener) { this.pushed = this.pushed.andThen(listener); }

    // ---- repositories

    public Optional<Repository> findRepository(String name) { return store.get(Records.REPOSITORY, name); }

    /** The repository; NAME_INVALID for a malformed name, NAME_UNKNOWN when it does not exist. */
    public Repository repository(String name) {
        Names.requireRepository(name);
        return findRepository(name).orElseThrow(() -> Problem.NAME_UNKNOWN.with("The repository with name '" + name + "' does not exist in the registry."));
    }

    public List<Repository> repositories() { return store.list(Records.REPOSITORY); }

    /** Removes the repository with its images, tags, blob links, uploads and preview. */
    public void deleteRepository(String name) {
        store.atomically(() -> {
            images(name).forEach(i -> {
                store.delete(Records.IMAGE, i.key());
                deleted.accept(name, i.digest());
            });
            tags(name).forEach(t -> store.delete(Records.TAG, name + ":" + t.tag()));
            store.list(Records.BLOB_LINK, l -> l.repository().equals(name)).forEach(l -> store.delete(Records.BLOB_LINK, name + "@" + l.digest()));
            store.list(Records.UPLOAD, u -> u.repository().equals(name)).forEach(u -> store.delete(Records.UPLOAD, u.id()));
            store.delete(Records.PREVIEW, name);
            store.list(Records.UPSTREAM_CHECK, c -> c.key().startsWith(name + ":") || c.key().startsWith(name + "@")).forEach(c -> store.delete(Records.UPSTREAM_CHECK, c.key()));
            store.delete(Records.REPOSITORY, name);
        });
    }

    // ---- blobs

    public Optional<BlobLink> link(String repo, String digest) { return store.get(Records.BLOB_LINK, repo + "@" + digest); }

    /** Makes an existing blob visible in the repository (again: the link is refreshed); BLOB_UNKNOWN if its bytes are gone. */
    public BlobLink linkExisting(String repo, String digest) {
        // exclusively: the blob's bytes must not be collected between the check and the link
        return store.exclusively(() -> {
            repository(repo);
            long size = sizeOf(digest);
            if (size < 0) throw Problem.BLOB_UNKNOWN.with("Blob " + digest + " is unknown to the registry.");
            BlobLink l = new BlobLink(repo, digest, size, clock.instant());
            store.put(Records.BLOB_LINK, l);
            return l;
        });
    }

    public boolean unlink(String repo, String digest) { return store.delete(Records.BLOB_LINK, repo + "@" + digest); }

    /** Any repository in which the blob is visible. */
    public boolean linkedAnywhere(String digest) { return !store.list(Records.BLOB_LINK, l -> l.digest().equals(digest)).isEmpty(); }

    public long sizeOf(String digest) {
        try {
            return bytes.size(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- images and tags

    public Optional<Image> image(String repo, String digest) { return store.get(Records.IMAGE, repo + "@" + digest); }

    public List<Image> images(String repo) { return store.list(Records.IMAGE, i -> i.repository().equals(repo)); }

    /** Tags of the repository, sorted by name. */
    public List<Tag> tags(String repo) {
        return store.list(Records.TAG, t -> t.repository().equals(repo)).stream().sorted(Comparator.comparing(Tag::tag)).toList();
    }

    public List<String> tagsOf(String repo, String digest) {
        return tags(repo).stream().filter(t -> t.digest().equals(digest)).map(Tag::tag).toList();
    }

    public Optional<Tag> tag(String repo, String tag) { return store.get(Records.TAG, repo + ":" + tag); }

    /** Resolves a tag or digest reference; MANIFEST_UNKNOWN when it names nothing. */
    public Image resolve(String repo, String reference) {
        String digest = reference;
        if (!reference.contains(":")) {
            if (!Names.validTag(reference)) throw Problem.TAG_INVALID.with("Invalid tag " + reference + ".");
            digest = tag(repo, reference).map(Tag::digest).orElse(null);
        } else if (Digest.parse(reference) == null) {
            throw Problem.DIGEST_INVALID.with("Invalid digest " + reference + ".");
        }
        String d = digest;
        return d == null ? null : image(repo, d).orElse(null);
    }

    /**
     * Records a pull by {@code principalArn} (null: unknown) at most once a minute per image, to keep pulls off the journal;
     * not at all when the principal is on the pull-time update exclusion list (a role session by its role's ARN).
     */
    public void recordPull(Image image, String principalArn) {
        var now = clock.instant();
        if (image.lastPulledAt() != null && image.lastPulledAt().plus(PULL_RECORD_GRANULARITY).isAfter(now)) return;
        if (principalArn != null && store.get(Records.PULL_TIME_EXCLUSION, principalArn).isPresent()) return;
        store.atomically(() -> image(image.repository(), image.digest()).ifPresent(i -> store.put(Records.IMAGE, i.pulled(now))));
    }

    /** The image's storage status at this moment: ACTIVE, ARCHIVED or ACTIVATING (UpdateImageStorageClass). */
    public String status(Image image) {
        return store.get(Records.IMAGE_ARCHIVE, image.key()).map(a -> a.status(clock.instant())).orElse("ACTIVE");
    }

    /** Removes a manifest and every tag pointing at it. */
    public boolean deleteImage(String repo, String digest) {
        return store.atomically(() -> {
            tagsOf(repo, digest).forEach(t -> store.delete(Records.TAG, repo + ":" + t));
            deleted.accept(repo, digest);
            return store.delete(Records.IMAGE, repo + "@" + digest);
        });
    }

    public boolean untag(String repo, String tag) { return store.delete(Records.TAG, repo + ":" + tag); }

    /** Images in the repository that are children of an index in the same repository. */
    public boolean referencedByIndex(String repo, String digest) {
        return images(repo).stream().anyMatch(i -> i.manifests().stream().anyMatch(r -> r.digest().equals(digest)));
    }

    /**
     * Stores a manifest pushed by tag, by digest or (ECR PutImage) with neither. The body is streamed to
     * staging, digested, parsed there, committed by digest, then recorded with its tag in one transaction.
     * {@code refuseExisting} gives ECR PutImage's ImageAlreadyExistsException for an identical push.
     */
    public Image pushManifest(String repo, String reference, InputStream body, String contentType, boolean refuseExisting) {
        repository(repo);
        String tag = null;
        Digest expected = null;
        if (reference != null && reference.contains(":")) {
            expected = Digest.parse(reference);
            if (expected == null) throw Problem.DIGEST_INVALID.with("Invalid digest " + reference + ".");
        } else if (reference != null) {
            if (!Names.validTag(reference)) throw Problem.TAG_INVALID.with("Invalid tag " + reference + ".");
            tag = reference;
            checkMutable(repository(repo), tag, null);
        }
        String stage = "manifest-" + UUID.randomUUID();
        try {
            Digest digest = stage(stage, body, expected == null ? "sha256" : expected.algorithm());
            if (expected != null && !expected.equals(digest)) {
                throw Problem.DIGEST_MISMATCH.with("The manifest digest " + digest + " does not match " + expected + ".");
            }
            ManifestDoc doc;
            try (InputStream in = bytes.openStaged(stage)) {
                doc = ManifestDoc.read(in, contentType);
            }
            long size = bytes.stagedSize(stage);
            bytes.commit(stage, digest.toString());
            String t = tag;
            Image image = store.atomically(() -> record(repo, t, digest.toString(), size, doc, refuseExisting));
            pushed.accept(image);
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                bytes.discard(stage);
            } catch (IOException ignored) {
                // nothing staged
            }
        }
    }

    private Digest stage(String stage, InputStream body, String algorithm) throws IOException {
        try (OutputStream out = bytes.append(stage); Digester d = new Digester(out, algorithm)) {
            byte[] buf = new byte[16384];
            int n;
            while ((n = body.read(buf)) > 0) {
                if (d.count() + n > MAX_MANIFEST) throw Problem.MANIFEST_TOO_BIG.with("Manifests are limited to " + MAX_MANIFEST + " bytes.");
                d.write(buf, 0, n);
            }
            if (d.count() == 0) throw Problem.MANIFEST_INVALID.with("The manifest is empty.");
            return d.digest();
        }
    }

    private Image record(String repo, String tag, String digest, long size, ManifestDoc doc, boolean refuseExisting) {
        Repository r = repository(repo);
        long imageSize = size;
        List<Ref> blobs = new java.util.ArrayList<>();
        List<Ref> children = new java.util.ArrayList<>();
        if (doc.isIndex()) {
            for (ManifestDoc.Descriptor d : doc.manifests()) {
                Image child = image(repo, d.digest()).orElseThrow(() -> Problem.REFERENCED_MANIFEST_UNKNOWN.with("The index references manifest " + d.digest() + ", which is not in the repository."));
                children.add(new Ref(d.mediaType(), d.digest(), d.size()));
                imageSize += child.imageSize();
            }
        } else {
            List<ManifestDoc.Descriptor> all = new java.util.ArrayList<>();
            all.add(doc.config());
            all.addAll(doc.layers());
            for (ManifestDoc.Descriptor d : all) {
                blobs.add(new Ref(d.mediaType(), d.digest(), d.size()));
                imageSize += d.size();
                if (MediaTypes.FOREIGN.contains(d.mediaType())) continue;
                BlobLink l = link(repo, d.digest()).orElseThrow(() -> Problem.MANIFEST_BLOB_UNKNOWN.with("The manifest references blob " + d.digest() + ", which is not in the repository."));
                if (l.size() != d.size()) throw Problem.MANIFEST_INVALID.with("Blob " + d.digest() + " has " + l.size() + " bytes, not " + d.size() + ".");
            }
        }
        Optional<Image> existing = image(repo, digest);
        Optional<Tag> existingTag = tag == null ? Optional.empty() : tag(repo, tag);
        checkMutable(r, tag, digest);
        if (refuseExisting && existing.isPresent() && (tag == null || existingTag.map(Tag::digest).filter(digest::equals).isPresent())) {
            throw Problem.IMAGE_EXISTS.with("Image with digest '" + digest + "'" + (tag == null ? "" : " and tag '" + tag + "'") + " already exists in the repository with name '" + repo + "'.");
        }
        var now = clock.instant();
        Image image = new Image(repo, digest, doc.mediaType(), doc.artifactType(), doc.config() == null ? null : doc.config().mediaType(),
                size, imageSize, existing.map(Image::pushedAt).orElse(now), existing.map(Image::lastPulledAt).orElse(null),
                blobs, children, doc.subject() == null ? null : doc.subject().digest(), doc.annotations());
        store.put(Records.IMAGE, image);
        if (tag != null) store.put(Records.TAG, new Tag(repo, tag, digest, now));
        return image;
    }

    /** TAG_IMMUTABLE when the repository is immutable and the tag already names another digest (or any, when digest is null). */
    private void checkMutable(Repository r, String tag, String digest) {
        if (tag == null || !r.immutable(tag)) return;
        Optional<Tag> t = tag(r.name(), tag);
        if (t.isPresent() && (digest == null ? false : !t.get().digest().equals(digest))) {
            throw Problem.TAG_IMMUTABLE.with("The image tag '" + tag + "' already exists in the '" + r.name() + "' repository and cannot be overwritten because the "
                    + ("IMMUTABLE".equals(r.imageTagMutability()) ? "repository" : "tag") + " is immutable.");
        }
    }

    /** The local file holding stored bytes, when the byte store has one. */
    public Optional<java.nio.file.Path> localFile(String digest) {
        try {
            return bytes.localFile(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URL the client can fetch the bytes from directly (presigned object-store URL), when pulls are redirected. */
    public Optional<java.net.URI> downloadUrl(String digest) {
        try {
            return bytes.downloadUrl(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens stored bytes (a blob or a manifest) from an offset. */
    public InputStream open(String digest, long offset) {
        try {
            return bytes.open(digest, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
