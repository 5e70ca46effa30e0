package io.dockyard.protocol;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers' caps: hostile documents are refused with a client error before they grow in memory. */
class ParserCapsTest {

    @Test
    void queryFormRefusesAParameterFlood() {
        StringBuilder b = new StringBuilder("Action=DescribeLoadBalancers&Version=2015-12-01");
        for (int i = 1; i <= QueryForm.MAX_PARAMETERS; i++) b.append("&Names.member.").append(i).append("=n");
        assertThatThrownBy(() -> QueryForm.parse(b.toString()))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("MalformedQueryString");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("more than " + QueryForm.MAX_PARAMETERS + " parameters");
                });
    }

    @Test
    void queryFormAcceptsUpToTheCap() {
        StringBuilder b = new StringBuilder("Action=RegisterTargets");
        // MAX_PARAMETERS - 1 parameters in all: as many list members as the index allows, each with several fields
        for (int j = 0; j < QueryForm.MAX_PARAMETERS - 1; j++) {
            b.append("&Targets.member.").append(j % QueryForm.MAX_INDEX + 1).append(".F").append(j / QueryForm.MAX_INDEX).append("=v");
        }
        Map<String, Object> in = QueryForm.parse(b.toString());
        assertThat(QueryParams.maps(in, "Targets")).hasSize(Math.min(QueryForm.MAX_PARAMETERS - 1, QueryForm.MAX_INDEX));
    }

    @Test
    void queryFormRefusesDeepNamesLongNamesAndWildIndexes() {
        assertThatThrownBy(() -> QueryForm.parse("A" + ".B".repeat(QueryForm.MAX_NAME_SEGMENTS) + "=x"))
                .isInstanceOf(AwsException.class).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> QueryForm.parse("A".repeat(QueryForm.MAX_NAME_LENGTH + 1) + "=x"))
                .isInstanceOf(AwsException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> QueryForm.parse("Names.member.2000000000=x"))
                .isInstanceOf(AwsException.class).hasMessageContaining("not between 1 and");
        assertThatThrownBy(() -> QueryForm.parse("Names.member.0=x"))
                .isInstanceOf(AwsException.class).hasMessageContaining("not between 1 and");
        assertThat(QueryForm.parse("Names.member.1=a&Names.member.10000=b").get("Names")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void jsonRefusesDeepNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.MAPPER.readValue(deep, Object.class)).isInstanceOf(StreamConstraintsException.class);
        String ok = "{\"a\":" + "[".repeat(Json.MAX_DEPTH - 2) + "]".repeat(Json.MAX_DEPTH - 2) + "}";
        assertThat(assertDoesNotThrow(ok)).isInstanceOf(Map.class);
    }

    @Test
    void jsonApiRequestsAreCappedInTokensAndNumbersAndNames() {
        StringBuilder filters = new StringBuilder("{\"Filters\":[");
        for (int i = 0; i < Json.API_TOKENS / 2; i++) filters.append(i == 0 ? "" : ",").append("{}");
        filters.append("]}");
        byte[] flood = filters.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(flood.length).isLessThan(1 << 20); // within the body cap: the token cap is what stops it
        assertThatThrownBy(() -> Json.MAPPER.readValue(flood, Object.class)).isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"n\":" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + "}", Object.class))
                .isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"" + "k".repeat(Json.MAX_NAME_LENGTH + 1) + "\":1}", Object.class))
                .isInstanceOf(StreamConstraintsException.class);
        // the agent protocol's mapper allows larger documents (a poll answer lists every task of an instance)
        assertThat(assertRecordsRead(flood)).isInstanceOf(Map.class);
    }

    @Test
    void xAmzTargetMustBeAShortVisibleName() {
        assertThat(JsonProtocolHandler.wellFormedTarget("AmazonEC2ContainerServiceV20141113.ListClusters")).isTrue();
        assertThat(JsonProtocolHandler.wellFormedTarget("A.B\u0000")).isFalse();
        assertThat(JsonProtocolHandler.wellFormedTarget("A. B")).isFalse();
        assertThat(JsonProtocolHandler.wellFormedTarget("A." + "x".repeat(300))).isFalse();
        assertThat(JsonProtocolHandler.wellFormedTarget("")).isFalse();
    }

    @Test
    void sizesParseWithUnits() {
        assertThat(EdgePolicy.bytes("1MiB")).isEqualTo(1 << 20);
        assertThat(EdgePolicy.bytes("512 KiB")).isEqualTo(512 * 1024);
        assertThat(EdgePolicy.bytes("4m")).isEqualTo(4 << 20);
        assertThat(EdgePolicy.bytes("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> EdgePolicy.bytes("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EdgePolicy.bytes("0")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Object assertDoesNotThrow(String json) {
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object assertRecordsRead(byte[] json) {
        try {
            return Json.RECORDS.readValue(json, Object.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
