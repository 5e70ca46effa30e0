package io.dockyard.logs.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterPatternTest {
    private static boolean m(String pattern, String message) { return FilterPattern.parse(pattern).matches(message); }

    @Test
    void termsAllMustOccurCaseSensitively() {
        assertThat(m("ERROR", "[ERROR] disk full")).isTrue();
        assertThat(m("ERROR disk", "[ERROR] disk full")).isTrue();
        assertThat(m("ERROR memory", "[ERROR] disk full")).isFalse();
        assertThat(m("error", "[ERROR] disk full")).isFalse();
        assertThat(m("", "anything")).isTrue();
        assertThat(m(null, "anything")).isTrue();
    }

    @Test
    void quotedPhrasesAlternativesExclusionsAndRegex() {
        assertThat(m("\"disk full\"", "ERROR disk full")).isTrue();
        assertThat(m("\"full disk\"", "ERROR disk full")).isFalse();
        assertThat(m("\"say \\\"hi\\\"\"", "they say \"hi\" now")).isTrue();
        assertThat(m("?ERROR ?WARN", "WARN slow")).isTrue();
        assertThat(m("?ERROR ?WARN", "INFO fine")).isFalse();
        assertThat(m("ERROR -Exiting", "ERROR Exiting")).isFalse();
        assertThat(m("ERROR -Exiting", "ERROR disk")).isTrue();
        assertThat(m("%ERR(OR)? [0-9]+%", "ERR 42")).isTrue();
        assertThat(m("%ERR(OR)? [0-9]+%", "ERR x")).isFalse();
        assertThat(m("héllo", "say héllo")).isTrue();
    }

    @Test
    void jsonPatterns() {
        String e = "{\"level\":\"error\",\"ms\":250,\"user\":{\"name\":\"alice\"},\"tags\":[\"a\",\"b\"],\"ok\":false,\"gone\":null}";
        assertThat(m("{ $.level = \"error\" }", e)).isTrue();
        assertThat(m("{ $.level = error }", e)).isTrue();
        assertThat(m("{ $.level != \"error\" }", e)).isFalse();
        assertThat(m("{ $.ms > 100 }", e)).isTrue();
        assertThat(m("{ $.ms < 100 }", e)).isFalse();
        assertThat(m("{ $.ms >= 250 && $.ms <= 250 }", e)).isTrue();
        assertThat(m("{ $.ms = 250.0 }", e)).isTrue();
        assertThat(m("{ $.user.name = \"al*\" }", e)).isTrue();
        assertThat(m("{ $.tags[1] = \"b\" }", e)).isTrue();
        assertThat(m("{ ($.level = \"warn\") || ($.user.name = \"alice\") }", e)).isTrue();
        assertThat(m("{ $.level = \"warn\" || $.ms > 1000 }", e)).isFalse();
        assertThat(m("{ $.ok IS FALSE }", e)).isTrue();
        assertThat(m("{ $.gone IS NULL }", e)).isTrue();
        assertThat(m("{ $.missing NOT EXISTS }", e)).isTrue();
        assertThat(m("{ $.level = \"error\" }", "not json error")).isFalse();
        assertThat(m("{ $.level = \"error\" }", "{broken")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ $.level = }", "{ $.ms > \"x\" }", "{ level = 1 }", "{ $.a = 1", "{ $.a = 1 } x", "\"open", "ERROR=1", "?",
            "- x", "%[%", "{ $. = 1 }", "{ $.a ~ 1 }", "[a, b]"})
    void patternsThatDoNotParseAreRefused(String bad) {
        assertThatThrownBy(() -> FilterPattern.parse(bad)).isInstanceOf(FilterPattern.PatternException.class);
    }
}
