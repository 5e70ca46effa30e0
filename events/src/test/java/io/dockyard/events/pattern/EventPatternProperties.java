package io.dockyard.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.protocol.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the matcher checked on random events and patterns, against simple oracles: a pattern made of an event's
 * own values matches it; anything-but is the complement of the exact match; a prefix or suffix of the value matches and a
 * changed one does not; numeric ranges agree with plain comparison; and no input text makes the parser fail other than
 * with {@link EventPattern.Invalid}.
 */
class EventPatternProperties {
    @Provide
    Arbitrary<Map<String, String>> details() {
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12))
                .ofMinSize(1).ofMaxSize(5);
    }

    private static JsonNode event(Map<String, String> detail) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("source", "my.app");
        ObjectNode d = e.putObject("detail");
        detail.forEach(d::put);
        return e;
    }

    private static String field(String name, String matcher) { return "{\"detail\":{" + Json.write(name) + ":[" + matcher + "]}}"; }

    @Property
    void anEventMatchesThePatternOfItsOwnValues(@ForAll("details") Map<String, String> detail) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        ObjectNode d = p.putObject("detail");
        detail.forEach((k, v) -> d.putArray(k).add(v));
        assertThat(EventPattern.parse(Json.write(p)).matches(event(detail))).isTrue();
    }

    @Property
    void anythingButIsTheComplementOfExact(@ForAll("details") Map<String, String> detail, @ForAll("words") String probe) {
        JsonNode e = event(detail);
        for (String k : detail.keySet()) {
            boolean exact = EventPattern.parse(field(k, Json.write(probe))).matches(e);
            boolean but = EventPattern.parse(field(k, "{\"anything-but\":" + Json.write(probe) + "}")).matches(e);
            assertThat(but).isEqualTo(!exact);
            assertThat(exact).isEqualTo(detail.get(k).equals(probe));
        }
    }

    @Provide
    Arbitrary<String> words() { return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12); }

    @Property
    void prefixesAndSuffixesAgreeWithTheString(@ForAll("details") Map<String, String> detail, @ForAll("words") String probe) {
        JsonNode e = event(detail);
        for (Map.Entry<String, String> f : detail.entrySet()) {
            String v = f.getValue();
            assertThat(EventPattern.parse(field(f.getKey(), "{\"prefix\":" + Json.write(probe) + "}")).matches(e)).isEqualTo(v.startsWith(probe));
            assertThat(EventPattern.parse(field(f.getKey(), "{\"suffix\":" + Json.write(probe) + "}")).matches(e)).isEqualTo(v.endsWith(probe));
            assertThat(EventPattern.parse(field(f.getKey(), "{\"wildcard\":" + Json.write(probe + "*") + "}")).matches(e)).isEqualTo(v.startsWith(probe));
        }
    }

    @Property
    void numericRangesAgreeWithComparison(@ForAll int value, @ForAll int low, @ForAll int high) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.putObject("detail").put("n", value);
        boolean expected = value > low && value <= high;
        if (low >= high) return;
        assertThat(EventPattern.parse("{\"detail\":{\"n\":[{\"numeric\":[\">\"," + low + ",\"<=\"," + high + "]}]}}").matches(e)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> pieces = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"prefix\"", "\"numeric\"", "\"anything-but\"", "\"exists\"",
                "\"$or\"", "1", "-2.5", "true", "null", "\">\"", "\"wildcard\"", "\"*\"", "\"cidr\"", "\"10.0.0.0/8\"", " ");
        return Combinators.combine(pieces.list().ofMaxSize(30), Arbitraries.just("")).as((l, x) -> String.join("", l));
    }

    @Property(tries = 2000)
    void theParserRefusesJunkOnlyWithItsOwnError(@ForAll("junk") String text) {
        try {
            EventPattern p = EventPattern.parse(text);
            p.matches(Json.MAPPER.createObjectNode());
        } catch (EventPattern.Invalid expected) {
            // refused with a reason: fine
        }
    }
}
