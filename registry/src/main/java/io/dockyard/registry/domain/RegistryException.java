package io.dockyard.registry.domain;

import io.dockyard.core.AwsException;

/** A refused registry request; rendered as an OCI error on {@code /v2/} and as an ECR exception on the API. */
public final class RegistryException extends RuntimeException {
    private final Problem problem;

    public RegistryException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() { return problem; }

    /** The ECR API face of this failure. */
    public AwsException toAws() { return new AwsException(problem.ecrCode(), 400, getMessage()); }
}
