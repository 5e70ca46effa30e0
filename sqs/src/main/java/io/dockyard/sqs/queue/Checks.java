package io.dockyard.sqs.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * What both queue stores check the same way: a new queue's name and attributes, an existing queue asked for again, a
 * message to send, a redrive policy's target, and the SHA-256 of a body.
 */
final class Checks {
    private Checks() {}

    static void send(Queue q, Queues.Send s) {
        if (s.body() == null || s.body().isEmpty()) throw Errors.missing("MessageBody");
        if (!validCharacters(s.body())) throw Errors.contents();
        long size = s.body().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, Message.Attribute> e : s.attributes().entrySet()) size += e.getValue().size(e.getKey());
        int max = q.intAttribute("MaximumMessageSize");
        if (size > max) throw Errors.invalid("One or more parameters are invalid. Reason: Message must be shorter than " + max + " bytes.");
        if (q.fifo) {
            if (s.groupId() == null || s.groupId().isEmpty()) throw Errors.missing("MessageGroupId");
            if (s.delaySeconds() != null && s.delaySeconds() != 0) {
                throw Errors.invalidValue("DelaySeconds", s.delaySeconds(), "The request include parameter that is not valid for this queue type");
            }
            if (s.deduplicationId() == null && !q.contentBasedDeduplication()) {
                throw Errors.invalid("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }
        } else if (s.deduplicationId() != null) {
            throw Errors.invalidValue("MessageDeduplicationId", s.deduplicationId(), "The request include parameter that is not valid for this queue type");
        }
    }

    /** XML's characters, as SQS allows in a body. */
    static boolean validCharacters(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) return false;
        }
        return true;
    }


    /** CreateQueue's name and attributes checked; the attributes the queue is made with (FifoQueue set for a .fifo name). */
    static Map<String, String> creation(Queues queues, String name, Map<String, String> attributes) {
        boolean fifo = name != null && name.endsWith(".fifo");
        QueueAttributes.checkName(name, fifo || "true".equalsIgnoreCase(attributes.get("FifoQueue")));
        Map<String, String> attrs = QueueAttributes.check(attributes, fifo, true);
        if (fifo) attrs.put("FifoQueue", "true");
        else attrs.remove("FifoQueue");
        redriveTarget(queues, attrs.get("RedrivePolicy"), fifo);
        return attrs;
    }

    /** CreateQueue of a queue that exists: answered as is when every asked attribute has its value, QueueAlreadyExists otherwise. */
    static Queue sameAttributes(Queue existing, Map<String, String> asked) {
        for (Map.Entry<String, String> e : asked.entrySet()) {
            if (!e.getValue().equals(existing.attribute(e.getKey()))) {
                throw new io.dockyard.core.AwsException("QueueAlreadyExists", 400,
                        "A queue already exists with the same name and a different value for attribute " + e.getKey());
            }
        }
        return existing;
    }

    /** SetQueueAttributes' result: the checked attributes over the queue's, an empty policy removing it. */
    static Map<String, String> merged(Map<String, String> current, Map<String, String> checked) {
        Map<String, String> next = new java.util.LinkedHashMap<>(current);
        checked.forEach((k, v) -> {
            if (v.isEmpty() && ("RedrivePolicy".equals(k) || "Policy".equals(k) || "RedriveAllowPolicy".equals(k))) next.remove(k);
            else next.put(k, v);
        });
        return Map.copyOf(next);
    }

    /** The queue name a QueueUrl (or a bare name) ends in: query and trailing slashes dropped; QueueUrl missing when empty. */
    static String nameOfUrl(String urlOrName) {
        if (urlOrName == null || urlOrName.isEmpty()) throw Errors.missing("QueueUrl");
        String s = urlOrName;
        int q = s.indexOf('?');
        if (q >= 0) s = s.substring(0, q);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** A RedrivePolicy's dead-letter queue must exist and be of the same type. */
    static void redriveTarget(Queues queues, String policy, boolean fifo) {
        QueueAttributes.Redrive r = QueueAttributes.redrive(policy);
        if (r == null) return;
        Queue dlq = queues.byArn(r.deadLetterTargetArn());
        if (dlq == null) throw Errors.invalidValue("RedrivePolicy", policy, "Dead letter target does not exist.");
        if (dlq.fifo != fifo) throw Errors.invalidValue("RedrivePolicy", policy, "Dead-letter target must be the same type of queue as the source.");
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
