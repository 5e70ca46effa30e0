package io.dockyard.registry.domain;

/**
 * What went wrong, with its name on both faces of the registry: the OCI distribution error code and
 * HTTP status, and the ECR API exception.
 */
public enum Problem {
    NAME_UNKNOWN("NAME_UNKNOWN", 404, "RepositoryNotFoundException"),
    NAME_INVALID("NAME_INVALID", 400, "InvalidParameterException"),
    MANIFEST_UNKNOWN("MANIFEST_UNKNOWN", 404, "ImageNotFoundException"),
    MANIFEST_INVALID("MANIFEST_INVALID", 400, "InvalidParameterException"),
    MANIFEST_BLOB_UNKNOWN("MANIFEST_BLOB_UNKNOWN", 400, "LayersNotFoundException"),
    REFERENCED_MANIFEST_UNKNOWN("MANIFEST_BLOB_UNKNOWN", 400, "ReferencedImagesNotFoundException"),
    TAG_INVALID("TAG_INVALID", 400, "InvalidParameterException"),
    TAG_IMMUTABLE("TAG_INVALID", 400, "ImageTagAlreadyExistsException"),
    IMAGE_EXISTS("MANIFEST_INVALID", 400, "ImageAlreadyExistsException"),
    DIGEST_INVALID("DIGEST_INVALID", 400, "InvalidParameterException"),
    DIGEST_MISMATCH("DIGEST_INVALID", 400, "ImageDigestDoesNotMatchException"),
    LAYER_DIGEST_MISMATCH("DIGEST_INVALID", 400, "InvalidLayerException"),
    BLOB_UNKNOWN("BLOB_UNKNOWN", 404, "LayersNotFoundException"),
    BLOB_UPLOAD_UNKNOWN("BLOB_UPLOAD_UNKNOWN", 404, "UploadNotFoundException"),
    BLOB_UPLOAD_INVALID("BLOB_UPLOAD_INVALID", 400, "InvalidLayerPartException"),
    RANGE_INVALID("BLOB_UPLOAD_INVALID", 416, "InvalidLayerPartException"),
    EMPTY_UPLOAD("BLOB_UPLOAD_INVALID", 400, "EmptyUploadException"),
    SIZE_INVALID("SIZE_INVALID", 400, "InvalidParameterException"),
    MANIFEST_TOO_BIG("SIZE_INVALID", 413, "InvalidParameterException"),
    UNSUPPORTED("UNSUPPORTED", 405, "InvalidParameterException"),
    DENIED("DENIED", 403, "AccessDeniedException"),
    UNAUTHORIZED("UNAUTHORIZED", 401, "AccessDeniedException");

    private final String ociCode;
    private final int ociStatus;
    private final String ecrCode;

    Problem(String ociCode, int ociStatus, String ecrCode) {
        this.ociCode = ociCode;
        this.ociStatus = ociStatus;
        this.ecrCode = ecrCode;
    }

    public String ociCode() { return ociCode; }
    public int ociStatus() { return ociStatus; }
    public String ecrCode() { return ecrCode; }

    /** A failure of this kind with a message. */
    public RegistryException with(String message) { return new RegistryException(this, message); }
}
