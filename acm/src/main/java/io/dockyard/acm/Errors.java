package io.dockyard.acm;

import io.dockyard.core.AwsException;

/** Certificate Manager's errors (codes of the acm service model; all HTTP 400). */
final class Errors {
    private Errors() {}

    static AwsException validation(String m) { return new AwsException("ValidationException", 400, m); }

    static AwsException constraint(String member, Object value, String constraint) {
        return validation("1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'") + " at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    static AwsException notFound(String arn) { return new AwsException("ResourceNotFoundException", 400, "Could not find certificate " + arn + "."); }

    static AwsException invalidArn(String arn) { return new AwsException("InvalidArnException", 400, "String '" + arn + "' is not a valid ARN."); }

    static AwsException inUse(String arn) { return new AwsException("ResourceInUseException", 400, "Certificate " + arn + " is in use."); }

    static AwsException invalidParameter(String m) { return new AwsException("InvalidParameterException", 400, m); }

    static AwsException invalidTag(String m) { return new AwsException("InvalidTagException", 400, m); }

    static AwsException tooManyTags() { return new AwsException("TooManyTagsException", 400, "the TagSet: resource can have at most 50 tags."); }
}
