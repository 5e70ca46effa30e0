package io.dockyard.core;

/**
 * An error that a client sees as an AWS error: the {@code __type} code, the HTTP status and a message.
 * Domain code throws these; the protocol layer renders them in the wire format of the service.
 */
public class AwsException extends RuntimeException {
    private final String code;
    private final int status;

    public AwsException(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public String code() { return code; }
    public int status() { return status; }

    public static AwsException client(String message) { return new AwsException("ClientException", 400, message); }
    public static AwsException invalidParameter(String message) { return new AwsException("InvalidParameterException", 400, message); }
    public static AwsException clusterNotFound() { return new AwsException("ClusterNotFoundException", 400, "Cluster not found."); }
    public static AwsException serviceNotFound() { return new AwsException("ServiceNotFoundException", 400, "Service not found."); }
    public static AwsException resourceNotFound(String message) { return new AwsException("ResourceNotFoundException", 400, message); }
    public static AwsException validation(String message) { return new AwsException("ValidationException", 400, message); }
}
