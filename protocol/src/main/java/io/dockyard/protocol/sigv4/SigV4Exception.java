package io.dockyard.protocol.sigv4;

import io.dockyard.core.AwsException;
import java.util.Objects;

/**
 * Why a request was refused by the {@link SigV4Verifier}: a {@link Reason} (which the edge maps to the AWS error code of
 * its wire protocol) and an AWS-like message. It is the only exception the verifier throws for anything a client sends.
 * It carries no stack trace: it is cheap to throw under a flood of bad requests.
 */
public final class SigV4Exception extends RuntimeException {

    /** The ways a signed request can fail, with the error code, HTTP status and message AWS uses for each. */
    public enum Reason {
        /** Neither an {@code Authorization} header nor a presigned query string. */
        MISSING(403, "MissingAuthenticationToken", "MissingAuthenticationTokenException", "Missing Authentication Token"),
        /** A malformed {@code Authorization} header or presigned query string; the message says what is wrong. */
        INCOMPLETE(400, "IncompleteSignature", "IncompleteSignatureException", "The request signature is incomplete."),
        /** The access key id is not known. */
        UNKNOWN_KEY(403, "InvalidClientTokenId", "UnrecognizedClientException",
                "The security token included in the request is invalid."),
        /** The signature (or a chunk signature, or the payload hash) does not match. */
        BAD_SIGNATURE(403, "SignatureDoesNotMatch", "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key"
                + " and signing method. Consult the service documentation for details."),
        /** The request was signed too long ago, or too far in the future; the message gives both instants. */
        SKEWED(403, "SignatureDoesNotMatch", "InvalidSignatureException", "Signature expired"),
        /** A presigned URL past its {@code X-Amz-Expires}. */
        PRESIGN_EXPIRED(403, "AccessDenied", "AccessDeniedException", "Request has expired"),
        /** Temporary credentials past their expiry. */
        EXPIRED_TOKEN(403, "ExpiredToken", "ExpiredTokenException", "The security token included in the request is expired"),
        /** The {@code X-Amz-Security-Token} is missing, wrong, or sent with a long-term key. */
        TOKEN_MISMATCH(403, "InvalidClientTokenId", "UnrecognizedClientException",
                "The security token included in the request is invalid.");

        private final int status;
        private final String queryCode;
        private final String jsonCode;
        private final String defaultMessage;

        Reason(int status, String queryCode, String jsonCode, String defaultMessage) {
            this.status = status;
            this.queryCode = queryCode;
            this.jsonCode = jsonCode;
            this.defaultMessage = defaultMessage;
        }

        /** The AWS error code: Query/XML services (IAM, STS, ELB) when {@code queryProtocol}, else JSON and CBOR services. */
        public String code(boolean queryProtocol) { return queryProtocol ? queryCode : jsonCode; }

        /** The HTTP status AWS answers with. */
        public int status() { return status; }

        /** AWS's message when there is nothing request-specific to say. */
        public String defaultMessage() { return defaultMessage; }
    }

    private final Reason reason;

    /** A refusal with a request-specific message. */
    public SigV4Exception(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A refusal with the reason's {@linkplain Reason#defaultMessage() default message}. */
    public SigV4Exception(Reason reason) {
        this(reason, reason.defaultMessage());
    }

    public Reason reason() { return reason; }

    /** The message to show the client. */
    public String message() { return getMessage(); }

    /** Shorthand for {@code reason().code(queryProtocol)}. */
    public String code(boolean queryProtocol) { return reason.code(queryProtocol); }

    /** Shorthand for {@code reason().status()}. */
    public int status() { return reason.status(); }

    /** This refusal as the error the protocol layer renders. */
    public AwsException toAwsException(boolean queryProtocol) {
        return new AwsException(code(queryProtocol), status(), message());
    }

    @Override
    public String toString() {
        return "SigV4Exception[" + reason + ": " + getMessage() + "]";
    }
}
