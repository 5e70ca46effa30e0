package io.dockyard.sqs.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** What both queue stores check the same way: a message to send, a redrive policy's target, and the SHA-256 of a body. */
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
