package io.dockyard.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * CBOR as Smithy RPC v2 uses it: maps of strings, numbers, byte strings and lists; timestamps as tag 1
 * (epoch seconds, a float when they have a fraction). Tags on input are read through to their values,
 * so a timestamp arrives as its epoch seconds.
 */
public final class Cbor {
    public static final String CONTENT_TYPE = "application/cbor";

    private Cbor() {}

    public static final CBORMapper MAPPER = (CBORMapper) CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build()
            .registerModule(new SimpleModule().addSerializer(Instant.class, new EpochTag()));

    /** The encoding of a response structure. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value == null ? Map.of() : value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class EpochTag extends StdSerializer<Instant> {
        EpochTag() { super(Instant.class); }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof CBORGenerator c) c.writeTag(1);
            if (value.getNano() == 0) gen.writeNumber(value.getEpochSecond());
            else gen.writeNumber(value.getEpochSecond() + value.getNano() / 1e9);
        }
    }
}
