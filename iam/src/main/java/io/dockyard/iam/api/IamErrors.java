package io.dockyard.iam.api;

import io.dockyard.core.AwsException;

/** The errors IAM and STS answer with: their codes, HTTP statuses and wording. */
public final class IamErrors {
    private IamErrors() {}

    public static AwsException noSuchEntity(String message) { return new AwsException("NoSuchEntity", 404, message); }

    public static AwsException exists(String message) { return new AwsException("EntityAlreadyExists", 409, message); }

    public static AwsException limit(String message) { return new AwsException("LimitExceeded", 409, message); }

    public static AwsException quota(String name, int value) { return limit("Cannot exceed quota for " + name + ": " + value); }

    public static AwsException deleteConflict(String message) { return new AwsException("DeleteConflict", 409, message); }

    public static AwsException validation(String message) { return new AwsException("ValidationError", 400, message); }

    public static AwsException invalidInput(String message) { return new AwsException("InvalidInput", 400, message); }

    public static AwsException accessDenied(String message) { return new AwsException("AccessDenied", 403, message); }

    public static AwsException passwordPolicy(String message) { return new AwsException("PasswordPolicyViolation", 400, message); }

    public static AwsException invalidUserType(String message) { return new AwsException("InvalidUserType", 400, message); }

    /** "Login Profile for User X cannot be found." */
    public static AwsException noLoginProfile(String user) { return noSuchEntity("Login Profile for User " + user + " cannot be found."); }

    public static AwsException packedPolicyTooLarge(String message) { return new AwsException("PackedPolicyTooLarge", 400, message); }

    /** "The user with name X cannot be found." (and role, group). */
    public static AwsException noSuch(String noun, String name) { return noSuchEntity("The " + noun + " with name " + name + " cannot be found."); }

    public static AwsException noSuchPolicy(String arn) { return noSuchEntity("Policy " + arn + " does not exist or is not attachable."); }

    public static AwsException noSuchKey(String id) { return noSuchEntity("The Access Key with id " + id + " cannot be found."); }

    public static AwsException awsManaged(String arn) { return invalidInput("Policy " + arn + " is an AWS managed policy and cannot be modified."); }

    /** The wording of a value that does not satisfy a constraint of the model. */
    public static AwsException constraint(String member, Object value, String constraint) {
        return validation("1 validation error detected: Value '" + value + "' at '" + lowerFirst(member) + "' failed to satisfy constraint: Member " + constraint);
    }

    static String lowerFirst(String s) { return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1); }
}
