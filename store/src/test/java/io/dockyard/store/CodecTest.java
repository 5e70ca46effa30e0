package io.dockyard.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CodecTest {
    record Rec(String key, String cluster, List<String> tags, String body) {}

    private final Codec codec = new Codec();

    @Test
    void shortStringsAreReadAsOneCanonicalCopy() {
        String cluster = "arn:aws:ecs:us-east-1:000000000000:cluster/" + "prod";   // built at run time: not a literal
        Rec a = codec.read(codec.write(new Rec("a", cluster, List.of("web"), "x")), Rec.class);
        Rec b = codec.read(codec.write(new Rec("b", cluster, List.of("web"), "x")), Rec.class);
        assertThat(a.cluster()).isEqualTo(cluster).isSameAs(b.cluster());
        assertThat(a.tags().getFirst()).isSameAs(b.tags().getFirst());
        assertThat(a.key()).isEqualTo("a");
    }

    @Test
    void longStringsAreReadAsTheyAre() {
        String long1 = "y".repeat(Codec.CANONICAL_LENGTH + 1);
        Rec a = codec.read(codec.write(new Rec("a", "c", List.of(), long1)), Rec.class);
        Rec b = codec.read(codec.write(new Rec("b", "c", List.of(), long1)), Rec.class);
        assertThat(a.body()).isEqualTo(long1).isNotSameAs(b.body());
        assertThat(codec.read(codec.write(new Rec(null, null, null, null)), Rec.class)).isEqualTo(new Rec(null, null, null, null));
    }
}
