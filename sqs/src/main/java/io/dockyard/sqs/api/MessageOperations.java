package io.dockyard.sqs.api;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.QueryInput;
import io.dockyard.protocol.RequestContext;
import io.dockyard.sqs.queue.Errors;
import io.dockyard.sqs.queue.Md5;
import io.dockyard.sqs.queue.Message;
import io.dockyard.sqs.queue.Queue;
import io.dockyard.sqs.queue.Queues;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The message operations: send, receive (long polling), delete, change visibility, and their batches. */
final class MessageOperations {
    static final int MAX_BATCH_BYTES = 262_144;
    private final Queues queues;

    MessageOperations(Queues queues) { this.queues = queues; }

    List<Operation> all() {
        return List.of(
                NamedOperation.of("SendMessage", this::send),
                NamedOperation.of("SendMessageBatch", this::sendBatch),
                NamedOperation.of("ReceiveMessage", this::receive),
                NamedOperation.of("DeleteMessage", this::delete),
                NamedOperation.of("DeleteMessageBatch", this::deleteBatch),
                NamedOperation.of("ChangeMessageVisibility", this::changeVisibility),
                NamedOperation.of("ChangeMessageVisibilityBatch", this::changeVisibilityBatch));
    }

    private static Queues.Send sendOf(QueryInput in, RequestContext ctx) {
        Integer delay = in.integer("DelaySeconds");
        if (delay != null && (delay < 0 || delay > 900)) throw Errors.invalidValue("DelaySeconds", delay, "Must be >= 0 and <= 900, if provided.");
        return new Queues.Send(in.str("MessageBody"), delay, Wire.attributes(in, "MessageAttributes", false),
                Wire.attributes(in, "MessageSystemAttributes", true), in.str("MessageGroupId"), in.str("MessageDeduplicationId"), ctx.accessKeyId());
    }

    private static Out sent(Queues.Sent s) {
        return Out.obj().with("MD5OfMessageBody", s.md5OfBody()).with("MD5OfMessageAttributes", s.md5OfAttributes())
                .with("MD5OfMessageSystemAttributes", s.md5OfSystemAttributes()).with("MessageId", s.messageId()).with("SequenceNumber", s.sequenceNumber());
    }

    private Object send(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        return sent(queues.send(q, sendOf(in, ctx)));
    }

    private Object sendBatch(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        List<QueryInput> entries = Wire.entries(in, "SendMessageBatchRequestEntry");
        long total = 0;
        for (QueryInput e : entries) {
            String body = e.str("MessageBody");
            if (body != null) total += body.getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > MAX_BATCH_BYTES) {
            throw new AwsException("AWS.SimpleQueueService.BatchRequestTooLong", 400,
                    "Batch requests cannot be longer than " + MAX_BATCH_BYTES + " bytes. You have sent " + total + " bytes.");
        }
        return queues.batch(() -> {
            List<Object> ok = new ArrayList<>(), failed = new ArrayList<>();
            for (QueryInput e : entries) {
                String id = e.str("Id");
                try {
                    ok.add(sent(queues.send(q, sendOf(e, ctx))).with("Id", id));
                } catch (AwsException ex) {
                    if (Errors.noQueue().code().equals(ex.code())) throw ex;
                    failed.add(Wire.failure(id, ex));
                }
            }
            return Out.obj().with("Successful", ok).with("Failed", failed);
        });
    }

    private Object receive(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        Integer max = in.integer("MaxNumberOfMessages");
        if (max != null && (max < 1 || max > 10)) throw Errors.invalidValue("MaxNumberOfMessages", max, "Must be between 1 and 10, if provided.");
        Integer wait = in.integer("WaitTimeSeconds");
        if (wait != null && (wait < 0 || wait > 20)) throw Errors.invalidValue("WaitTimeSeconds", wait, "Must be >= 0 and <= 20, if provided.");
        Integer visibility = in.integer("VisibilityTimeout");
        if (visibility != null && (visibility < 0 || visibility > 43_200)) {
            throw Errors.invalidValue("VisibilityTimeout", visibility, "Must be >= 0 and <= 43200, if provided.");
        }
        Set<String> system = new LinkedHashSet<>(in.strings("AttributeNames"));
        system.addAll(in.strings("MessageSystemAttributeNames"));
        List<String> messageAttributes = in.strings("MessageAttributeNames");
        List<Queues.Received> got;
        try {
            got = queues.receive(q, max == null ? 1 : max, visibility, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = List.of();
        }
        List<Object> messages = new ArrayList<>();
        for (Queues.Received r : got) {
            Message m = r.message();
            Out msg = Out.obj().with("MessageId", m.id).with("ReceiptHandle", r.receiptHandle()).with("MD5OfBody", Md5.body(m.body)).with("Body", m.body);
            Map<String, String> attrs = systemAttributes(q, m, system);
            if (!attrs.isEmpty()) msg.with("Attributes", attrs);
            Map<String, Message.Attribute> selected = Wire.selected(m.attributes, messageAttributes);
            if (!selected.isEmpty()) {
                msg.with("MD5OfMessageAttributes", Md5.attributes(selected));
                Map<String, Object> wire = new LinkedHashMap<>();
                selected.forEach((k, v) -> wire.put(k, Wire.attribute(v)));
                msg.with("MessageAttributes", wire);
            }
            messages.add(msg);
        }
        return messages.isEmpty() ? Out.obj() : Out.obj().with("Messages", messages);
    }

    private static Map<String, String> systemAttributes(Queue q, Message m, Set<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean all = names.contains("All");
        if (all || names.contains("SenderId")) out.put("SenderId", m.senderId == null ? "AIDAANONYMOUS" : m.senderId);
        if (all || names.contains("SentTimestamp")) out.put("SentTimestamp", Long.toString(m.sentAt));
        if (all || names.contains("ApproximateReceiveCount")) out.put("ApproximateReceiveCount", Integer.toString(m.receiveCount()));
        if (all || names.contains("ApproximateFirstReceiveTimestamp")) out.put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceiveAt()));
        Message.Attribute trace = m.systemAttributes.get("AWSTraceHeader");
        if (trace != null && (all || names.contains("AWSTraceHeader"))) out.put("AWSTraceHeader", trace.stringValue());
        if (m.groupId != null && (all || names.contains("MessageGroupId"))) out.put("MessageGroupId", m.groupId);
        if (q.fifo && (all || names.contains("MessageDeduplicationId"))) out.put("MessageDeduplicationId", m.deduplicationId);
        if (q.fifo && (all || names.contains("SequenceNumber"))) out.put("SequenceNumber", m.sequenceNumber);
        return out;
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        queues.deleteMessage(q, in.str("ReceiptHandle"));
        return Out.obj();
    }

    private Object deleteBatch(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        List<QueryInput> entries = Wire.entries(in, "DeleteMessageBatchRequestEntry");
        return queues.batch(() -> {
            List<Object> ok = new ArrayList<>(), failed = new ArrayList<>();
            for (QueryInput e : entries) {
                String id = e.str("Id");
                try {
                    queues.deleteMessage(q, e.str("ReceiptHandle"));
                    ok.add(Out.obj().with("Id", id));
                } catch (AwsException ex) {
                    failed.add(Wire.failure(id, ex));
                }
            }
            return Out.obj().with("Successful", ok).with("Failed", failed);
        });
    }

    private Object changeVisibility(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        Integer seconds = in.integer("VisibilityTimeout");
        if (seconds == null) throw Errors.missing("VisibilityTimeout");
        queues.changeVisibility(q, in.str("ReceiptHandle"), seconds);
        return Out.obj();
    }

    private Object changeVisibilityBatch(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        Queue q = queues.queue(in.str("QueueUrl"));
        List<QueryInput> entries = Wire.entries(in, "ChangeMessageVisibilityBatchRequestEntry");
        return queues.batch(() -> {
            List<Object> ok = new ArrayList<>(), failed = new ArrayList<>();
            for (QueryInput e : entries) {
                String id = e.str("Id");
                try {
                    Integer seconds = e.integer("VisibilityTimeout");
                    queues.changeVisibility(q, e.str("ReceiptHandle"), seconds == null ? 0 : seconds);
                    ok.add(Out.obj().with("Id", id));
                } catch (AwsException ex) {
                    failed.add(Wire.failure(id, ex));
                }
            }
            return Out.obj().with("Successful", ok).with("Failed", failed);
        });
    }
}
