package io.dockyard.secrets.ssm;

import io.dockyard.core.AwsException;

/** Parameter Store's errors (all HTTP 400), in its codes and wording. */
final class Errors {
    private Errors() {}

    /** AWS answers a missing parameter with no message. */
    static AwsException notFound() { return new AwsException("ParameterNotFound", 400, null); }

    static AwsException versionNotFound(String version, String name) {
        return new AwsException("ParameterVersionNotFound", 400, "Systems Manager could not find version " + version + " of " + name + ". Verify the version and try again.");
    }

    static AwsException exists() {
        return new AwsException("ParameterAlreadyExists", 400, "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    }

    static AwsException validation(String message) { return new AwsException("ValidationException", 400, message); }

    /** A member that breaks a constraint of the model, in AWS's wording ({@code member} as AWS names it: {@code name}, {@code tags.1.member.key}). */
    static AwsException constraint(String member, Object value, String constraint) {
        return validation("1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'") + " at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }

    /** The same for a sensitive member, whose value AWS leaves out of the message. */
    static AwsException sensitive(String member, String constraint) {
        return validation("1 validation error detected: Value at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    static AwsException invalidNextToken() { return new AwsException("InvalidNextToken", 400, "The specified token isn't valid."); }

    static AwsException invalidKeyId(String message) { return new AwsException("InvalidKeyId", 400, message); }

    static AwsException patternMismatch(String pattern) {
        return new AwsException("ParameterPatternMismatchException", 400, "Parameter value, cannot be validated against allowedPattern: " + pattern);
    }

    static AwsException invalidAllowedPattern(String detail) {
        return new AwsException("InvalidAllowedPatternException", 400, "The AllowedPattern is not a valid regular expression: " + detail);
    }

    static AwsException hierarchyLevels() {
        return new AwsException("HierarchyLevelLimitExceededException", 400, "A hierarchy can have a maximum of 15 levels.");
    }

    static AwsException maxVersions(String name, long oldest) {
        return new AwsException("ParameterMaxVersionLimitExceeded", 400, "You attempted to create a new version of " + name
                + " by calling the PutParameter API with the overwrite flag. Version " + oldest + ", the oldest version, can't be deleted because it has a"
                + " label associated with it. Move the label to another version of the parameter, and try again.");
    }

    static AwsException labelLimit() {
        return new AwsException("ParameterVersionLabelLimitExceeded", 400,
                "A parameter version can have maximum 10 labels. Move one or more labels to another version and try again.");
    }

    static AwsException filterKey(String message) { return new AwsException("InvalidFilterKey", 400, message); }

    static AwsException filterOption(String message) { return new AwsException("InvalidFilterOption", 400, message); }

    static AwsException filterValue(String message) { return new AwsException("InvalidFilterValue", 400, message); }

    static AwsException invalidResourceId() { return new AwsException("InvalidResourceId", 400, null); }

    static AwsException tooManyTags() {
        return new AwsException("TooManyTagsError", 400, "A parameter can have at most 50 tags. Remove one or more tags and try the command again.");
    }

    static AwsException accessDenied(String message) { return new AwsException("AccessDeniedException", 400, message); }
}
