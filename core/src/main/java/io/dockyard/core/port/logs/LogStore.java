package io.dockyard.core.port.logs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The storage port of CloudWatch Logs: log groups, their streams, and each stream's events, durable
 * once a method returns (an acknowledged {@link #append} survives a crash). Events of a stream carry
 * sequence numbers from 0 in the order they were appended. Implementations: the file store of
 * module logs (segment files under the data directory, one process) and the PostgreSQL one of
 * module store-postgres (shared by the replicas of a fleet); every implementation passes the same
 * contract suite ({@code LogStoreContractTest}, in core's test-jar).
 */
public interface LogStore extends AutoCloseable {

    /** What a change to a stream found. */
    enum Outcome { OK, EXISTS, NO_GROUP, NO_STREAM }

    /** Creates the group; false when one of that name exists. */
    boolean createGroup(LogGroup group);

    /** Deletes the group with its streams and events; false when there is none. */
    boolean deleteGroup(String name);

    Optional<LogGroup> group(String name);

    /** The groups whose names start with {@code prefix} (all for null), by name. */
    List<LogGroup> groups(String prefix);

    /** Replaces the group's metadata by {@code change} of it (the name stays); false when there is none. */
    boolean updateGroup(String name, UnaryOperator<LogGroup> change);

    Outcome createStream(String group, String stream, long creationTime);

    Outcome deleteStream(String group, String stream);

    /** The group's streams by name; empty when the group does not exist. */
    Optional<List<LogStream>> streams(String group);

    Optional<LogStream> stream(String group, String stream);

    /** Appends the events (in the order given) with this ingestion time, durably; OK, NO_GROUP or NO_STREAM. */
    Outcome append(String group, String stream, List<LogEvent> events, long ingestionTime);

    /**
     * Events of one stream with a sequence number in [{@code fromSequence}, {@code toSequence}) and a
     * timestamp in [{@code startTime}, {@code endTime}), in sequence order: the first ones ({@code fromEnd}
     * false) or the last ones, at most {@code limit} events and about {@code maxBytes} of messages.
     */
    List<StoredEvent> read(String group, String stream, long fromSequence, long toSequence, long startTime, long endTime,
                           int limit, long maxBytes, boolean fromEnd);

    /** Hands every event of the named streams (the group's all for null) with a timestamp in [startTime, endTime) to {@code sink}. */
    void scan(String group, Collection<String> streams, long startTime, long endTime, EventSink sink);

    /** Deletes the stored events of the group older than {@code cutoff} (epoch ms), at least whole segments; returns the bytes freed. */
    long expire(String group, long cutoff);

    /** Deletes everything (the dev reset). */
    void clear();

    @Override
    void close();
}
