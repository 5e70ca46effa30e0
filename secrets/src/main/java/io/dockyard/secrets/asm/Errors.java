package io.dockyard.secrets.asm;

import io.dockyard.core.AwsException;

/** Secrets Manager's errors, in its wording. */
final class Errors {
    private Errors() {}

    static AwsException notFound() { return new AwsException("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret."); }

    static AwsException invalidParameter(String m) { return new AwsException("InvalidParameterException", 400, m); }

    static AwsException invalidRequest(String m) { return new AwsException("InvalidRequestException", 400, m); }

    static AwsException exists(String m) { return new AwsException("ResourceExistsException", 400, m); }

    static AwsException validation(String member, Object value, String constraint) {
        return new AwsException("ValidationException", 400, "1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }
}
