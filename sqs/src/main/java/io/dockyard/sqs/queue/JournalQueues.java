package io.dockyard.sqs.queue;

import io.dockyard.core.AwsException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The queues and their messages: every change is applied under the queue's lock and appended to the {@link Journal} in
 * the same order, and the call returns once its record is durable (group commit), so an acknowledged send or delete
 * survives kill -9. Long polls wait on the queue's condition. Compaction (a snapshot replacing the journal) holds the
 * write side of {@code compaction} while every change holds its read side.
 */
public final class JournalQueues implements Queues {
    static final long COMPACT_AT_BYTES = 64L << 20;

    private final Journal journal;
    private final Path file;
    private final Clock clock;
    private final String region;
    private final String account;
    private final java.util.function.Supplier<String> urlBase;
    private final Map<String, Queue> byName = new ConcurrentSkipListMap<>();
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock compaction = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private JournalQueues(Path dir, Clock clock, String region, String account, java.util.function.Supplier<String> urlBase, boolean fsync) {
        this.file = dir.resolve("journal.jsonl");
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.urlBase = urlBase;
        Journal.replay(file, r -> JournalRecords.apply(r, byName, this::arn));
        this.journal = new Journal(file, fsync);
        compact();
    }

    /** The queues kept under {@code dir} (replayed from its journal); queue URLs start with {@code urlBase}. */
    public static JournalQueues open(Path dir, Clock clock, String region, String account, java.util.function.Supplier<String> urlBase, boolean fsync) {
        return new JournalQueues(dir, clock, region, account, urlBase, fsync);
    }

    @Override
    public String url(Queue q) {
        String base = urlBase.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + account + "/" + q.name;
    }

    String arn(String name) { return "arn:aws:sqs:" + region + ":" + account + ":" + name; }

    // ---- queues ----

    /** CreateQueue: the queue's URL; an existing queue with the same attributes is answered as is. */
    @Override
    public Queue create(String name, Map<String, String> attributes, Map<String, String> tags) {
        Map<String, String> attrs = Checks.creation(this, name, attributes);
        boolean fifo = name.endsWith(".fifo");
        return changing(() -> {
            synchronized (byName) {
                Queue existing = byName.get(name);
                if (existing != null) return Checks.sameAttributes(existing, attrs);
                Long gone = deletedAt.get(name);
                long now = clock.millis();
                if (gone != null && now - gone < RECENT_MS) {
                    throw new AwsException("AWS.SimpleQueueService.QueueDeletedRecently", 400,
                            "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
                }
                Queue q = new Queue(name, arn(name), fifo, now, attrs, tags);
                byName.put(name, q);
                durable(journal.append(JournalRecords.queueRecord(q)));
                return q;
            }
        });
    }


    /** The queue of an ARN, or null. */
    @Override
    public Queue byArn(String arn) {
        if (arn == null) return null;
        Queue q = byName.get(arn.substring(arn.lastIndexOf(':') + 1));
        return q != null && q.arn.equals(arn) ? q : null;
    }

    /** The queue a QueueUrl (or a bare name) names; QueueDoesNotExist when there is none. */
    @Override
    public Queue queue(String urlOrName) {
        Queue found = byName.get(Checks.nameOfUrl(urlOrName));
        if (found == null || found.gone) throw Errors.noQueue();
        return found;
    }

    /** GetQueueUrl. */
    @Override
    public Queue byName(String name) {
        if (name == null || name.isEmpty()) throw Errors.missing("QueueName");
        Queue q = byName.get(name);
        if (q == null) throw Errors.noQueue();
        return q;
    }

    @Override
    public List<Queue> list(String prefix) {
        return byName.values().stream().filter(q -> prefix == null || q.name.startsWith(prefix)).toList();
    }

    @Override
    public void delete(Queue q) {
        changing(() -> {
            synchronized (byName) {
                if (byName.remove(q.name, q)) {
                    q.gone = true;
                    deletedAt.put(q.name, clock.millis());
                    durable(journal.append(Map.of("t", "x", "q", q.name)));
                }
            }
            signal(q);
            return null;
        });
    }

    @Override
    public void setAttributes(Queue q, Map<String, String> attributes) {
        Map<String, String> checked = QueueAttributes.check(attributes, q.fifo, false);
        if (checked.containsKey("RedrivePolicy")) Checks.redriveTarget(this, checked.get("RedrivePolicy"), q.fifo);
        changing(() -> {
            q.lock.lock();
            try {
                q.attributes = Checks.merged(q.attributes, checked);
                q.lastModified = clock.millis();
                q.version++;
                q.changed.signalAll();
                return durable(journal.append(JournalRecords.queueRecord(q)));
            } finally {
                q.lock.unlock();
            }
        });
    }

    /** GetQueueAttributes: {@code names} (All for every one); InvalidAttributeName for an unknown name. */
    @Override
    public Map<String, String> attributes(Queue q, List<String> names) { long now = clock.millis();
        return QueueAttributes.read(q, q.depth(now), names); }

    @Override
    public void tag(Queue q, Map<String, String> tags) {
        changing(() -> {
            q.lock.lock();
            try {
                Map<String, String> next = new LinkedHashMap<>(q.tags);
                next.putAll(tags);
                if (next.size() > 50) throw Errors.invalid("Too many tags added for queue " + q.name + ".");
                q.tags = next;
                return durable(journal.append(JournalRecords.queueRecord(q)));
            } finally {
                q.lock.unlock();
            }
        });
    }

    @Override
    public void untag(Queue q, List<String> keys) {
        changing(() -> {
            q.lock.lock();
            try {
                Map<String, String> next = new LinkedHashMap<>(q.tags);
                keys.forEach(next::remove);
                q.tags = next;
                return durable(journal.append(JournalRecords.queueRecord(q)));
            } finally {
                q.lock.unlock();
            }
        });
    }

    /** The queues whose RedrivePolicy names {@code dlq}. */
    @Override
    public List<Queue> deadLetterSources(Queue dlq) {
        List<Queue> out = new ArrayList<>();
        for (Queue q : byName.values()) {
            QueueAttributes.Redrive r = q.redrive();
            if (r != null && r.deadLetterTargetArn().equals(dlq.arn)) out.add(q);
        }
        return out;
    }

    @Override
    public void purge(Queue q) {
        changing(() -> {
            q.lock.lock();
            try {
                long now = clock.millis();
                if (q.purgedAt != 0 && now - q.purgedAt < RECENT_MS) {
                    throw new AwsException("AWS.SimpleQueueService.PurgeQueueInProgress", 403,
                            "Only one PurgeQueue operation on " + q.name + " is allowed every 60 seconds.");
                }
                q.purgedAt = now;
                q.messages.clear();
                return durable(journal.append(Map.of("t", "p", "q", q.name, "at", now)));
            } finally {
                q.lock.unlock();
            }
        });
    }

    // ---- messages ----


    @Override
    public Sent send(Queue q, Send s) {
        long[] seq = {0};
        Sent sent = changing(() -> {
            Checks.send(q, s);
            long now = clock.millis();
            q.lock.lock();
            try {
                if (q.gone) throw Errors.noQueue();
                String dedupKey = null;
                if (q.fifo) {
                    dedupKey = s.deduplicationId() != null ? s.deduplicationId() : Checks.sha256(s.body());
                    if ("messageGroup".equals(q.attributes.get("DeduplicationScope"))) dedupKey = s.groupId() + "\u0000" + dedupKey;
                    Queue.Dedup d = q.dedup.get(dedupKey);
                    if (d != null && d.until() > now) {
                        return new Sent(d.messageId(), Md5.body(s.body()), Md5.attributes(s.attributes()), Md5.attributes(s.systemAttributes()), d.sequenceNumber());
                    }
                }
                int delay = s.delaySeconds() != null ? s.delaySeconds() : q.intAttribute("DelaySeconds");
                String sequence = q.fifo ? String.format("%020d", ++q.sequence) : null;
                Message m = new Message(io.dockyard.protocol.RequestIds.next(), s.body(), s.attributes(), s.systemAttributes(), now, s.groupId(),
                        q.fifo ? (s.deduplicationId() != null ? s.deduplicationId() : Checks.sha256(s.body())) : null, sequence, s.senderId(), now + delay * 1000L);
                q.messages.put(m.id, m);
                if (dedupKey != null) q.dedup.put(dedupKey, new Queue.Dedup(m.id, sequence, now + DEDUP_WINDOW_MS));
                Map<String, Object> record = JournalRecords.messageRecord(q, m);
                if (dedupKey != null) record.put("k", dedupKey);
                seq[0] = journal.append(record);
                q.version++;
                q.changed.signalAll();
                q.sent.incrementAndGet();
                return new Sent(m.id, Md5.body(m.body), Md5.attributes(m.attributes), Md5.attributes(m.systemAttributes), sequence);
            } finally {
                q.lock.unlock();
            }
        });
        durable(seq[0]);
        return sent;
    }

    /**
     * ReceiveMessage: up to {@code max} messages, hidden for {@code visibility} seconds (the queue's default when null),
     * waiting up to {@code waitSeconds} (the queue's ReceiveMessageWaitTimeSeconds when null) for one to arrive. Messages
     * received maxReceiveCount times move to the dead-letter queue instead.
     */
    @Override
    public List<Received> receive(Queue q, int max, Integer visibility, Integer waitSeconds) throws InterruptedException {
        int vis = visibility != null ? visibility : q.intAttribute("VisibilityTimeout");
        int wait = waitSeconds != null ? waitSeconds : q.intAttribute("ReceiveMessageWaitTimeSeconds");
        long deadline = clock.millis() + wait * 1000L;
        while (true) {
            long[] seen = {0};
            long[] last = {0};
            List<Message> moved = new ArrayList<>();
            List<Received> out = changing(() -> take(q, max, vis, seen, last, moved));
            if (!moved.isEmpty()) deliverToDeadLetterQueue(q, moved);
            if (last[0] > 0) durable(last[0]);
            if (!out.isEmpty()) {
                q.received.addAndGet(out.size());
                return out;
            }
            long now = clock.millis();
            if (now >= deadline || closed || q.gone) {
                q.emptyReceives.incrementAndGet();
                return out;
            }
            q.lock.lock();
            try {
                if (q.version == seen[0] && !q.gone) {
                    long until = Math.min(deadline, q.nextVisible(now));
                    q.changed.await(Math.max(1, until - now), TimeUnit.MILLISECONDS);
                }
            } finally {
                q.lock.unlock();
            }
        }
    }

    private List<Received> take(Queue q, int max, int vis, long[] seen, long[] last, List<Message> moved) {
        q.lock.lock();
        try {
            seen[0] = q.version;
            long now = clock.millis();
            long retention = q.intAttribute("MessageRetentionPeriod") * 1000L;
            QueueAttributes.Redrive redrive = q.redrive();
            Queue dlq = redrive == null ? null : byArn(redrive.deadLetterTargetArn());
            java.util.Set<String> blocked = new java.util.HashSet<>();
            List<Received> out = new ArrayList<>();
            for (Iterator<Message> it = q.messages.values().iterator(); it.hasNext() && out.size() < max; ) {
                Message m = it.next();
                if (now - m.sentAt >= retention) {
                    it.remove();
                    last[0] = journal.append(Map.of("t", "d", "q", q.name, "id", m.id));
                    continue;
                }
                if (q.fifo && blocked.contains(m.groupId)) continue;
                if (m.visibleAt > now) {
                    if (q.fifo) blocked.add(m.groupId);
                    continue;
                }
                if (dlq != null && m.receiveCount >= redrive.maxReceiveCount()) {
                    it.remove();
                    moved.add(m);
                    last[0] = journal.append(Map.of("t", "mv", "q", q.name, "to", dlq.name, "id", m.id));
                    continue;
                }
                m.receiveCount++;
                if (m.firstReceiveAt == 0) m.firstReceiveAt = now;
                m.visibleAt = now + vis * 1000L;
                m.nonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
                last[0] = journal.append(JournalRecords.receiveRecord(q, m));
                out.add(new Received(m, ReceiptHandle.of(q, m)));
            }
            return out;
        } finally {
            q.lock.unlock();
        }
    }

    private void deliverToDeadLetterQueue(Queue from, List<Message> moved) {
        QueueAttributes.Redrive redrive = from.redrive();
        Queue dlq = redrive == null ? null : byArn(redrive.deadLetterTargetArn());
        if (dlq == null) return;
        dlq.lock.lock();
        try {
            long now = clock.millis();
            for (Message m : moved) dlq.messages.put(m.id, moveCopy(m, now));
            dlq.version++;
            dlq.changed.signalAll();
        } finally {
            dlq.lock.unlock();
        }
    }

    static Message moveCopy(Message m, long now) {
        Message c = new Message(m.id, m.body, m.attributes, m.systemAttributes, m.sentAt, m.groupId, m.deduplicationId, m.sequenceNumber, m.senderId, now);
        c.receiveCount = m.receiveCount;
        c.firstReceiveAt = m.firstReceiveAt;
        return c;
    }

    /** DeleteMessage: the message the handle was given for is gone (a message already deleted is no error). */
    @Override
    public void deleteMessage(Queue q, String receiptHandle) {
        ReceiptHandle h = ReceiptHandle.parse(receiptHandle, q);
        long seq = changing(() -> {
            q.lock.lock();
            try {
                Message m = q.messages.remove(h.id());
                if (m == null) return 0L;
                q.deleted.incrementAndGet();
                return journal.append(Map.of("t", "d", "q", q.name, "id", m.id));
            } finally {
                q.lock.unlock();
            }
        });
        durable(seq);
    }

    /** ChangeMessageVisibility of a message in flight under this handle. */
    @Override
    public void changeVisibility(Queue q, String receiptHandle, int seconds) {
        ReceiptHandle h = ReceiptHandle.parse(receiptHandle, q);
        if (seconds < 0 || seconds > 43_200) {
            throw Errors.invalidValue("VisibilityTimeout", seconds, "Must be between 0 and 43200, if provided.");
        }
        long seq = changing(() -> {
            q.lock.lock();
            try {
                long now = clock.millis();
                Message m = q.messages.get(h.id());
                if (m == null || !m.inFlight(now) || !h.nonce().equals(m.nonce)) throw Errors.notInflight();
                m.visibleAt = now + seconds * 1000L;
                q.version++;
                q.changed.signalAll();
                return journal.append(JournalRecords.receiveRecord(q, m));
            } finally {
                q.lock.unlock();
            }
        });
        durable(seq);
    }


    // ---- metrics, maintenance ----


    @Override
    public List<Figures> figures() {
        long now = clock.millis();
        List<Figures> out = new ArrayList<>();
        for (Queue q : byName.values()) {
            Queue.Depth d = q.depth(now);
            out.add(new Figures(q.name, d.visible(), d.inFlight(), d.delayed(), d.oldestSentAt() == 0 ? 0 : (now - d.oldestSentAt()) / 1000,
                    q.sent.getAndSet(0), q.received.getAndSet(0), q.deleted.getAndSet(0), q.emptyReceives.getAndSet(0)));
        }
        return out;
    }

    /** Drops expired deduplication ids and deleted-queue marks; compacts the journal once it is large. */
    @Override
    public void maintain() {
        long now = clock.millis();
        deletedAt.values().removeIf(t -> now - t >= RECENT_MS);
        for (Queue q : byName.values()) {
            q.lock.lock();
            try {
                q.dedup.values().removeIf(d -> d.until() <= now);
            } finally {
                q.lock.unlock();
            }
        }
        if (journal.bytes() > COMPACT_AT_BYTES) compact();
    }

    /** Replaces the journal with a snapshot of the queues and their messages. */
    void compact() {
        compaction.writeLock().lock();
        try {
            List<Object> records = new ArrayList<>();
            long now = clock.millis();
            for (Queue q : byName.values()) {
                records.add(JournalRecords.queueRecord(q));
                for (Message m : q.messages.values()) {
                    records.add(JournalRecords.messageRecord(q, m));
                    if (m.receiveCount > 0) records.add(JournalRecords.receiveRecord(q, m));
                }
                q.dedup.forEach((k, d) -> {
                    if (d.until() > now) records.add(Map.of("t", "dd", "q", q.name, "k", k, "id", d.messageId(), "s", d.sequenceNumber(), "u", d.until()));
                });
            }
            journal.rewrite(records);
        } finally {
            compaction.writeLock().unlock();
        }
    }

    /** Deletes every queue (the dev reset). */
    @Override
    public void reset() {
        for (Queue q : List.copyOf(byName.values())) delete(q);
        deletedAt.clear();
    }

    @Override
    public void close() {
        closed = true;
        for (Queue q : byName.values()) signal(q);
        journal.close();
    }

    private static void signal(Queue q) {
        q.lock.lock();
        try {
            q.version++;
            q.changed.signalAll();
        } finally {
            q.lock.unlock();
        }
    }

    private <T> T changing(java.util.function.Supplier<T> change) {
        compaction.readLock().lock();
        try {
            return change.get();
        } finally {
            compaction.readLock().unlock();
        }
    }

    private long durable(long seq) {
        long[] deferred = batch.get();
        if (deferred != null) deferred[0] = Math.max(deferred[0], seq);
        else if (seq > 0) journal.awaitDurable(seq);
        return seq;
    }

    private final ThreadLocal<long[]> batch = new ThreadLocal<>();

    /**
     * Runs the changes of one batch request ({@code work}) with one wait for durability at the end instead of one per
     * change: every change it made is on disk when this returns, whether it returned or threw.
     */
    @Override
    public <T> T batch(java.util.function.Supplier<T> work) {
        if (batch.get() != null) return work.get();
        long[] last = {0};
        batch.set(last);
        try {
            return work.get();
        } finally {
            batch.remove();
            if (last[0] > 0) journal.awaitDurable(last[0]);
        }
    }


}
