package io.dockyard.sqs.queue;

import io.dockyard.core.AwsException;

import java.util.Map;

/** SQS's errors: the Query codes clients match on (the JSON answers name their error shapes, {@link #SHAPES}). */
public final class Errors {
    private Errors() {}

    /** Query code → the JSON protocol's error shape (SQS is awsQueryCompatible). */
    public static final Map<String, String> SHAPES = Map.ofEntries(
            Map.entry("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist"),
            Map.entry("QueueAlreadyExists", "QueueNameExists"),
            Map.entry("AWS.SimpleQueueService.QueueDeletedRecently", "QueueDeletedRecently"),
            Map.entry("AWS.SimpleQueueService.PurgeQueueInProgress", "PurgeQueueInProgress"),
            Map.entry("AWS.SimpleQueueService.MessageNotInflight", "MessageNotInflight"),
            Map.entry("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest"),
            Map.entry("AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest"),
            Map.entry("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct"),
            Map.entry("AWS.SimpleQueueService.BatchRequestTooLong", "BatchRequestTooLong"),
            Map.entry("AWS.SimpleQueueService.InvalidBatchEntryId", "InvalidBatchEntryId"),
            Map.entry("AWS.SimpleQueueService.UnsupportedOperation", "UnsupportedOperation"),
            Map.entry("InvalidParameterValue", "InvalidParameterValueException"),
            Map.entry("MissingParameter", "MissingRequiredParameterException"));

    public static AwsException noQueue() {
        return new AwsException("AWS.SimpleQueueService.NonExistentQueue", 400, "The specified queue does not exist.");
    }

    public static AwsException invalid(String message) { return new AwsException("InvalidParameterValue", 400, message); }

    public static AwsException invalidValue(String parameter, Object value, String reason) {
        return invalid("Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    public static AwsException missing(String parameter) {
        return new AwsException("MissingParameter", 400, "The request must contain the parameter " + parameter + ".");
    }

    public static AwsException attributeName(String name) { return new AwsException("InvalidAttributeName", 400, "Unknown Attribute " + name + "."); }

    public static AwsException attributeValue(String name) {
        return new AwsException("InvalidAttributeValue", 400, "Invalid value for the parameter " + name + ".");
    }

    public static AwsException receiptHandle(String handle) {
        return new AwsException("ReceiptHandleIsInvalid", 400, "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    public static AwsException notInflight() {
        return new AwsException("AWS.SimpleQueueService.MessageNotInflight", 400, "Message does not exist or is not available for visibility timeout change.");
    }

    public static AwsException contents() {
        return new AwsException("InvalidMessageContents", 400, "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
}
