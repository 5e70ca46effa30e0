package io.dockyard.protocol;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The project's one JSON configuration. {@link #base()} is what every mapper shares (duplicate keys
 * refused, unknown properties ignored, nulls left out, java.time); {@link #MAPPER} is the AWS JSON
 * protocols' (timestamps as epoch seconds with a fraction), {@link #RECORDS} the agent protocol's
 * (the core records' components only, timestamps as ISO-8601 strings).
 */
public final class Json {
    private Json() {}

    /**
     * Parser limits for every document the project reads (hostile input stays small in memory):
     * nesting depth, number and member-name lengths, and tokens per document. AWS API request bodies
     * get a tighter token cap ({@link #API_TOKENS}); strings stay within Jackson's default (20 M
     * characters: ECR's UploadLayerPart carries a 10 MiB part base64-encoded), the body caps at the
     * edge bound them first.
     */
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_LENGTH = 100;
    public static final int MAX_NAME_LENGTH = 8192;
    public static final long MAX_TOKENS = 2_000_000;
    /** Tokens in one AWS API request (an ECS task definition, AWS's largest ordinary input, is at most 64 KiB: some 30,000). */
    public static final long API_TOKENS = 100_000;

    /**
     * Jackson's buffers, shared by every thread and bounded. Its default pool keeps them per thread (a ThreadLocal): with a
     * virtual thread per task runner, reporter and request, that is some 20 KB of buffers held by every long-lived thread
     * that ever parsed or wrote JSON. An unbounded shared pool instead keeps as many as were ever in use at once (100 task
     * runners starting together left 8 KB of char buffers per task behind, besides the byte buffers); this one keeps at
     * most {@link #POOLED_BUFFERS} and lets the rest go.
     */
    public static final com.fasterxml.jackson.core.util.RecyclerPool<com.fasterxml.jackson.core.util.BufferRecycler> BUFFERS =
            com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(Json.POOLED_BUFFERS);

    /** How many sets of Jackson's buffers {@link #BUFFERS} keeps for reuse. */
    public static final int POOLED_BUFFERS = 16;

    /** The shared settings; callers add what their format needs and build. */
    public static JsonMapper.Builder base() { return base(MAX_TOKENS); }

    private static JsonMapper.Builder base(long maxTokens) {
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(BUFFERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxTokenCount(maxTokens)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new JavaTimeModule());
    }

    public static final ObjectMapper MAPPER = base(API_TOKENS)
            .addModule(new SimpleModule().addSerializer(Instant.class, new EpochSeconds()))
            .build();

    /** The agent protocol: record components only (no {@code isStopped()}-style helpers), ISO-8601 timestamps. */
    public static final ObjectMapper RECORDS = base()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .build();

    /** AWS JSON 1.1 timestamps: epoch seconds, millisecond fraction. */
    static final class EpochSeconds extends StdSerializer<Instant> {
        EpochSeconds() { super(Instant.class); }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli()).movePointLeft(3));
        }
    }

    /** The AWS JSON encoding of {@code o} as UTF-8 bytes (no String in between). */
    public static byte[] writeBytes(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
