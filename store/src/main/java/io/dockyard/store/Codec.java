package io.dockyard.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Record ⇄ JSON for stored records. */
final class Codec {
    /** Strings up to this length are read as the JVM's canonical copy (ARNs of clusters, definitions, instances, statuses…). */
    static final int CANONICAL_LENGTH = 256;

    private final ObjectMapper mapper = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder() // buffers shared (at most 16 sets kept), not kept per (virtual) thread
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(16)).build())
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("canonical-strings").addDeserializer(String.class, new Canonical()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads strings as their canonical copy ({@link String#intern}, which the JVM holds weakly): a task's cluster, task
     * definition, container instance, group and statuses are the same strings in thousands of records, and a replica
     * decodes every record another replica commits. Each decoded duplicate is garbage at once instead of a copy kept
     * per record, so a replica that takes in 1,000 new tasks keeps, and its collector copies, less.
     */
    static final class Canonical extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = super.deserialize(p, ctxt);
            return s != null && s.length() <= CANONICAL_LENGTH ? s.intern() : s;
        }
    }
}
