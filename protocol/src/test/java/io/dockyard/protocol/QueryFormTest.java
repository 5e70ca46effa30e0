package io.dockyard.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryFormTest {

    @Test
    void nestsMembersStructuresAndMaps() {
        var in = QueryForm.parse("Action=CreateListener&Version=2015-12-01&Names.member.2=b&Names.member.1=a"
                + "&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=10"
                + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=arn%3Aaws%3Ax"
                + "&P.entry.1.key=k1&P.entry.1.value=v+1&Empty=");
        assertThat(in.get("Action")).isEqualTo("CreateListener");
        assertThat(in.get("Names")).isEqualTo(List.of("a", "b"));
        var action = QueryParams.maps(in, "DefaultActions").get(0);
        assertThat(action.get("Type")).isEqualTo("forward");
        var tg = QueryParams.maps(QueryParams.map(action, "ForwardConfig"), "TargetGroups").get(0);
        assertThat(tg).isEqualTo(Map.of("Weight", "10", "TargetGroupArn", "arn:aws:x"));
        assertThat(in.get("P")).isEqualTo(Map.of("k1", "v 1"));
        assertThat(QueryParams.list(in, "Empty")).isEmpty();
        assertThat(QueryParams.present(in, "Empty")).isTrue();
    }

    @Test
    void writesResultsAndErrors() {
        var xml = QueryXml.response("DescribeThings", "http://ns/", Out.obj().with("Things", List.of(Out.obj().with("Name", "a<b").with("At", Instant.ofEpochMilli(1500)))), "rid");
        assertThat(xml).contains("<DescribeThingsResponse xmlns=\"http://ns/\"><DescribeThingsResult><Things><member><Name>a&lt;b</Name><At>1970-01-01T00:00:01.500Z</At></member></Things></DescribeThingsResult>")
                .endsWith("<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></DescribeThingsResponse>");
        assertThat(QueryXml.error("http://ns/", 400, "NotFound", "x & y", "r"))
                .contains("<Error><Type>Sender</Type><Code>NotFound</Code><Message>x &amp; y</Message></Error><RequestId>r</RequestId></ErrorResponse>");
    }
}
