package io.dockyard.sqs.queue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A receipt handle: the queue, the message and the nonce of one receive, base64url-encoded. */
record ReceiptHandle(String queue, String id, String nonce) {
    /** The handle a client sent for queue {@code q}; ReceiptHandleIsInvalid when it is not one of that queue's. */
    static ReceiptHandle parse(String handle, Queue q) {
        if (handle == null || handle.isEmpty()) throw Errors.missing("ReceiptHandle");
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8).split("\n");
            if (parts.length == 3 && parts[0].equals(q.name)) return new ReceiptHandle(parts[0], parts[1], parts[2]);
        } catch (IllegalArgumentException e) {
            // not base64
        }
        throw Errors.receiptHandle(handle);
    }

    /** The handle of this receive of {@code m}. */
    static String of(Queue q, Message m) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((q.name + "\n" + m.id + "\n" + m.nonce).getBytes(StandardCharsets.UTF_8));
    }
}
