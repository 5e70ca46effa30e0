package io.dockyard.registry.domain;

import java.util.Set;

/** The manifest media types the registry accepts. */
public final class MediaTypes {
    private MediaTypes() {}

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final Set<String> INDEXES = Set.of(DOCKER_LIST, OCI_INDEX);
    public static final Set<String> MANIFESTS = Set.of(DOCKER_MANIFEST, OCI_MANIFEST);
    /** Layers that are not pushed to the registry (Windows base layers); their presence is not required. */
    public static final Set<String> FOREIGN = Set.of(
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

    public static boolean known(String mediaType) { return INDEXES.contains(mediaType) || MANIFESTS.contains(mediaType); }

    /** Strips parameters ({@code ; charset=...}) and blanks. */
    public static String base(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String t = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim();
        return t.isEmpty() ? null : t;
    }
}
