package io.dockyard.sqs.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.core.AwsException;
import io.dockyard.core.port.queues.QueueStore;
import io.dockyard.protocol.Json;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The queues on a {@link QueueStore} shared by every replica of a fleet: any replica serves any queue, and the store
 * hands each message to one receiver at a time. A long poll waits for the store's change notice for its queue (a send or
 * visibility change on any replica), looking again at least every {@link #RECHECK_MS} and when a delayed or hidden
 * message becomes visible. The counts of AWS/SQS (sent, received, deleted, empty receives) are this replica's.
 */
public final class SharedQueues implements Queues {
    static final long RECHECK_MS = 1000;
    private static final TypeReference<LinkedHashMap<String, Message.Attribute>> ATTRIBUTES = new TypeReference<>() {};

    private final QueueStore store;
    private final Clock clock;
    private final String region;
    private final String account;
    private final Supplier<String> urlBase;
    private final Map<String, Wake> wakes = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Wakes the long polls of one queue: {@code version} moves on every notice. */
    private static final class Wake {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long version;

        void signal() {
            lock.lock();
            try {
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private record Counts(AtomicLong sent, AtomicLong received, AtomicLong deleted, AtomicLong empty) {
        Counts() { this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()); }
    }

    public SharedQueues(QueueStore store, Clock clock, String region, String account, Supplier<String> urlBase) {
        this.store = store;
        this.clock = clock;
        this.region = region;
        this.account = account;
        this.urlBase = urlBase;
        store.onChange(name -> {
            if (name == null) wakes.values().forEach(Wake::signal);
            else wake(name).signal();
        });
    }

    private Wake wake(String name) { return wakes.computeIfAbsent(name, n -> new Wake()); }

    private Counts counts(String name) { return counts.computeIfAbsent(name, n -> new Counts()); }

    @Override
    public String url(Queue q) {
        String base = urlBase.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + account + "/" + q.name;
    }

    private String arn(String name) { return "arn:aws:sqs:" + region + ":" + account + ":" + name; }

    private static Queue of(QueueStore.QueueRow r) {
        Queue q = new Queue(r.name(), r.arn(), r.fifo(), r.createdAt(), r.attributes(), r.tags());
        q.lastModified = r.lastModified();
        return q;
    }

    private static QueueStore.QueueRow row(Queue q) {
        return new QueueStore.QueueRow(q.name, q.arn, q.fifo, q.createdAt, q.lastModified, q.attributes, q.tags);
    }

    @Override
    public Queue create(String name, Map<String, String> attributes, Map<String, String> tags) {
        Map<String, String> attrs = Checks.creation(this, name, attributes);
        boolean fifo = name.endsWith(".fifo");
        long now = clock.millis();
        Queue stored = store.create(new QueueStore.QueueRow(name, arn(name), fifo, now, now, attrs, tags), RECENT_MS).map(SharedQueues::of)
                .orElseThrow(() -> new AwsException("AWS.SimpleQueueService.QueueDeletedRecently", 400,
                        "You must wait 60 seconds after deleting a queue before you can create another with the same name."));
        return stored.createdAt != now ? Checks.sameAttributes(stored, attrs) : stored;
    }

    @Override
    public Queue byArn(String arn) {
        if (arn == null) return null;
        return store.queue(arn.substring(arn.lastIndexOf(':') + 1)).filter(r -> r.arn().equals(arn)).map(SharedQueues::of).orElse(null);
    }

    @Override
    public Queue queue(String urlOrName) {
        return store.queue(Checks.nameOfUrl(urlOrName)).map(SharedQueues::of).orElseThrow(Errors::noQueue);
    }

    @Override
    public Queue byName(String name) {
        if (name == null || name.isEmpty()) throw Errors.missing("QueueName");
        return store.queue(name).map(SharedQueues::of).orElseThrow(Errors::noQueue);
    }

    @Override
    public List<Queue> list(String prefix) {
        return store.queues().stream().filter(r -> prefix == null || r.name().startsWith(prefix)).map(SharedQueues::of).toList();
    }

    @Override
    public void delete(Queue q) {
        store.delete(q.name, clock.millis());
        wake(q.name).signal();
    }

    @Override
    public void setAttributes(Queue q, Map<String, String> attributes) {
        Map<String, String> checked = QueueAttributes.check(attributes, q.fifo, false);
        if (checked.containsKey("RedrivePolicy")) Checks.redriveTarget(this, checked.get("RedrivePolicy"), q.fifo);
        q.attributes = Checks.merged(q.attributes, checked);
        q.lastModified = clock.millis();
        if (!store.update(row(q))) throw Errors.noQueue();
    }

    @Override
    public Map<String, String> attributes(Queue q, List<String> names) {
        QueueStore.Depth d = store.depth(q.name, clock.millis());
        return QueueAttributes.read(q, new Queue.Depth(d.visible(), d.inFlight(), d.delayed(), d.oldestSentAt()), names);
    }

    @Override
    public void tag(Queue q, Map<String, String> tags) {
        Map<String, String> next = new LinkedHashMap<>(q.tags);
        next.putAll(tags);
        if (next.size() > 50) throw Errors.invalid("Too many tags added for queue " + q.name + ".");
        q.tags = next;
        if (!store.update(row(q))) throw Errors.noQueue();
    }

    @Override
    public void untag(Queue q, List<String> keys) {
        Map<String, String> next = new LinkedHashMap<>(q.tags);
        keys.forEach(next::remove);
        q.tags = next;
        if (!store.update(row(q))) throw Errors.noQueue();
    }

    @Override
    public List<Queue> deadLetterSources(Queue dlq) {
        List<Queue> out = new ArrayList<>();
        for (Queue q : list(null)) {
            QueueAttributes.Redrive r = q.redrive();
            if (r != null && r.deadLetterTargetArn().equals(dlq.arn)) out.add(q);
        }
        return out;
    }

    @Override
    public void purge(Queue q) {
        if (!store.purge(q.name, clock.millis(), RECENT_MS)) {
            throw new AwsException("AWS.SimpleQueueService.PurgeQueueInProgress", 403, "Only one PurgeQueue operation on " + q.name + " is allowed every 60 seconds.");
        }
    }

    @Override
    public Sent send(Queue q, Send s) {
        Checks.send(q, s);
        long now = clock.millis();
        String dedupKey = null;
        String dedupId = null;
        if (q.fifo) {
            dedupId = s.deduplicationId() != null ? s.deduplicationId() : Checks.sha256(s.body());
            dedupKey = "messageGroup".equals(q.attributes.get("DeduplicationScope")) ? s.groupId() + "\u0000" + dedupId : dedupId;
        }
        int delay = s.delaySeconds() != null ? s.delaySeconds() : q.intAttribute("DelaySeconds");
        QueueStore.StoredMessage m = new QueueStore.StoredMessage(io.dockyard.protocol.RequestIds.next(), s.body(), encode(s.attributes()), encode(s.systemAttributes()),
                now, s.groupId(), dedupId, null, s.senderId(), now + delay * 1000L, 0, 0, null);
        QueueStore.Admitted a = store.send(q.name, m, q.fifo, dedupKey, now, DEDUP_WINDOW_MS).orElseThrow(Errors::noQueue);
        if (!a.duplicate()) counts(q.name).sent.incrementAndGet();
        return new Sent(a.messageId(), Md5.body(s.body()), Md5.attributes(s.attributes()), Md5.attributes(s.systemAttributes()), a.sequenceNumber());
    }

    @Override
    public List<Received> receive(Queue q, int max, Integer visibility, Integer waitSeconds) throws InterruptedException {
        int vis = visibility != null ? visibility : q.intAttribute("VisibilityTimeout");
        int wait = waitSeconds != null ? waitSeconds : q.intAttribute("ReceiveMessageWaitTimeSeconds");
        long deadline = clock.millis() + wait * 1000L;
        QueueAttributes.Redrive redrive = q.redrive();
        Queue dlq = redrive == null ? null : byArn(redrive.deadLetterTargetArn());
        Wake wake = wake(q.name);
        while (true) {
            long seen;
            wake.lock.lock();
            try {
                seen = wake.version;
            } finally {
                wake.lock.unlock();
            }
            long now = clock.millis();
            List<QueueStore.StoredMessage> got = store.receive(q.name, new QueueStore.Claim(max, now, vis * 1000L, q.intAttribute("MessageRetentionPeriod") * 1000L,
                    q.fifo, dlq == null ? null : dlq.name, dlq == null ? 0 : redrive.maxReceiveCount()));
            if (!got.isEmpty()) {
                counts(q.name).received.addAndGet(got.size());
                List<Received> out = new ArrayList<>(got.size());
                for (QueueStore.StoredMessage m : got) {
                    Message message = message(m);
                    out.add(new Received(message, ReceiptHandle.of(q, message)));
                }
                return out;
            }
            now = clock.millis();
            if (now >= deadline || closed) {
                counts(q.name).empty.incrementAndGet();
                return List.of();
            }
            long until = Math.min(deadline, Math.min(now + RECHECK_MS, store.nextVisible(q.name, now)));
            wake.lock.lock();
            try {
                if (wake.version == seen && !closed) wake.changed.await(Math.max(1, until - now), TimeUnit.MILLISECONDS);
            } finally {
                wake.lock.unlock();
            }
        }
    }

    private static Message message(QueueStore.StoredMessage m) {
        Message out = new Message(m.id(), m.body(), decode(m.attributes()), decode(m.systemAttributes()), m.sentAt(), m.groupId(), m.deduplicationId(),
                m.sequenceNumber(), m.senderId(), m.visibleAt());
        out.receiveCount = m.receiveCount();
        out.firstReceiveAt = m.firstReceiveAt();
        out.nonce = m.nonce();
        return out;
    }

    @Override
    public void deleteMessage(Queue q, String receiptHandle) {
        ReceiptHandle h = ReceiptHandle.parse(receiptHandle, q);
        if (store.delete(q.name, h.id())) counts(q.name).deleted.incrementAndGet();
    }

    @Override
    public void changeVisibility(Queue q, String receiptHandle, int seconds) {
        ReceiptHandle h = ReceiptHandle.parse(receiptHandle, q);
        if (seconds < 0 || seconds > 43_200) throw Errors.invalidValue("VisibilityTimeout", seconds, "Must be between 0 and 43200, if provided.");
        long now = clock.millis();
        if (!store.changeVisibility(q.name, h.id(), h.nonce(), now, now + seconds * 1000L)) throw Errors.notInflight();
    }

    @Override
    public List<Figures> figures() {
        long now = clock.millis();
        List<Figures> out = new ArrayList<>();
        for (QueueStore.QueueRow r : store.queues()) {
            QueueStore.Depth d = store.depth(r.name(), now);
            Counts c = counts(r.name());
            out.add(new Figures(r.name(), d.visible(), d.inFlight(), d.delayed(), d.oldestSentAt() == 0 ? 0 : (now - d.oldestSentAt()) / 1000,
                    c.sent.getAndSet(0), c.received.getAndSet(0), c.deleted.getAndSet(0), c.empty.getAndSet(0)));
        }
        return out;
    }

    @Override
    public void maintain() { store.expire(clock.millis() - Math.max(DEDUP_WINDOW_MS, RECENT_MS)); }

    @Override
    public void reset() { store.clear(); }

    /** The changes of one batch request in one transaction of the store (one commit). */
    @Override
    public <T> T batch(Supplier<T> work) { return store.batch(work); }

    @Override
    public void close() {
        closed = true;
        wakes.values().forEach(Wake::signal);
        store.close();
    }

    private static String encode(Map<String, Message.Attribute> attributes) {
        if (attributes == null || attributes.isEmpty()) return null;
        try {
            return Json.RECORDS.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Message.Attribute> decode(String json) {
        if (json == null) return Map.of();
        try {
            return Json.RECORDS.readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
