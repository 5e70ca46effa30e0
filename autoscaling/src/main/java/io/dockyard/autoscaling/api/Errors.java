package io.dockyard.autoscaling.api;

import io.dockyard.core.AwsException;

/** Application Auto Scaling's request errors. */
final class Errors {
    private Errors() {}

    static AwsException invalid(String message) { return new AwsException("ValidationException", 400, message); }

    static AwsException notFound(String message) { return new AwsException("ObjectNotFoundException", 400, message); }
}
