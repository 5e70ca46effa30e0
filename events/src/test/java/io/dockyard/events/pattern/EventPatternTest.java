package io.dockyard.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pattern grammar on the examples of EventBridge's documentation ("Content filtering in event patterns"). */
class EventPatternTest {
    /** The EC2 instance state-change event the documentation filters. */
    static final String EVENT = """
            {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
             "account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1",
             "resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0","state":"terminated","c-count":5,"d-count":3,"x-limit":301.8,
                       "source-ip":"10.0.0.123","nested":{"a":{"b":"deep"}},"tags":["prod","web"],"filename":"image.png","nothing":null}}""";

    static JsonNode event() throws Exception { return Json.MAPPER.readTree(EVENT); }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"source":["aws.ec2"]}                                                   | true
            {"source":["aws.s3"]}                                                    | false
            {"source":["aws.s3","aws.ec2"]}                                          | true
            {"detail-type":["EC2 Instance State-change Notification"]}              | true
            {"detail":{"state":["terminated"]}}                                      | true
            {"detail":{"state":["running"]}}                                         | false
            {"detail":{"nested":{"a":{"b":["deep"]}}}}                               | true
            {"time":[{"prefix":"2017-12-22"}]}                                       | true
            {"time":[{"prefix":"2018"}]}                                             | false
            {"detail":{"state":[{"prefix":{"equals-ignore-case":"TERM"}}]}}          | true
            {"detail":{"filename":[{"suffix":".png"}]}}                              | true
            {"detail":{"filename":[{"suffix":{"equals-ignore-case":".PNG"}}]}}       | true
            {"detail":{"filename":[{"suffix":".jpg"}]}}                              | false
            {"detail":{"state":[{"equals-ignore-case":"TERMINATED"}]}}               | true
            {"detail":{"state":[{"anything-but":"running"}]}}                        | true
            {"detail":{"state":[{"anything-but":["terminated","stopped"]}]}}         | false
            {"detail":{"state":[{"anything-but":{"prefix":"term"}}]}}                | false
            {"detail":{"state":[{"anything-but":{"suffix":"ted"}}]}}                 | false
            {"detail":{"state":[{"anything-but":{"equals-ignore-case":["RUNNING"]}}]}} | true
            {"detail":{"state":[{"anything-but":{"wildcard":"term*"}}]}}             | false
            {"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}                      | true
            {"detail":{"d-count":[{"numeric":["<",10]}]}}                            | true
            {"detail":{"x-limit":[{"numeric":["=",301.8]}]}}                         | true
            {"detail":{"x-limit":[{"numeric":[">",301.8]}]}}                         | false
            {"detail":{"c-count":[5]}}                                               | true
            {"detail":{"c-count":[5.0]}}                                             | true
            {"detail":{"c-count":["5"]}}                                             | false
            {"detail":{"state":[{"exists":true}]}}                                   | true
            {"detail":{"missing":[{"exists":false}]}}                                | true
            {"detail":{"state":[{"exists":false}]}}                                  | false
            {"detail":{"nothing":[null]}}                                            | true
            {"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}                        | true
            {"detail":{"source-ip":[{"cidr":"10.0.1.0/24"}]}}                        | false
            {"detail":{"filename":[{"wildcard":"*.png"}]}}                           | true
            {"detail":{"filename":[{"wildcard":"im*e.p*"}]}}                         | true
            {"detail":{"filename":[{"wildcard":"*.jpg"}]}}                           | false
            {"detail":{"tags":["web"]}}                                              | true
            {"detail":{"tags":["db"]}}                                               | false
            {"source":["aws.ec2"],"$or":[{"detail":{"state":["running"]}},{"detail":{"c-count":[{"numeric":[">",4]}]}}]} | true
            {"source":["aws.ec2"],"$or":[{"detail":{"state":["running"]}},{"detail":{"c-count":[{"numeric":[">",9]}]}}]} | false
            {"resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"]} | true
            """)
    void documentedExamples(String pattern, boolean matches) throws Exception {
        assertThat(EventPattern.parse(pattern).matches(event())).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ["source"]                                         | Filter is not an object
            {"source":"aws.ec2"}                               | must be an object or an array
            {"source":[]}                                      | Empty arrays are not allowed
            {"detail":{"c":[{"numeric":[">",5,"<",1]}]}}       | Bottom must be less than top
            {"detail":{"c":[{"numeric":["~",5]}]}}             | Unrecognized numeric range operator
            {"detail":{"c":[{"nope":5}]}}                      | Unrecognized match type nope
            {"detail":{"c":[{"exists":"yes"}]}}                | exists match pattern must be either true or false
            {"detail":{"c":[{"prefix":5}]}}                    | prefix match pattern must be a string
            {"detail":{"c":[{"wildcard":"a**b"}]}}             | Consecutive wildcard characters
            {"detail":{"c":[{"cidr":"10.0.0.0"}]}}             | Malformed CIDR
            {"$or":[{"a":["b"]}]}                              | $or must be an array of at least two objects
            {not json                                          | Filter is not valid JSON
            """)
    void invalidPatternsSayWhy(String pattern, String reason) {
        assertThatThrownBy(() -> EventPattern.parse(pattern)).isInstanceOf(EventPattern.Invalid.class)
                .hasMessageStartingWith("Event pattern is not valid. Reason: ").hasMessageContaining(reason);
    }

    @Test
    void exactSourceValuesAreWhatRulesAreIndexedBy() {
        assertThat(EventPattern.parse("{\"source\":[\"aws.ecs\",\"my.app\"]}").exactValues("source")).containsExactlyInAnyOrder("aws.ecs", "my.app");
        assertThat(EventPattern.parse("{\"source\":[{\"prefix\":\"aws.\"}]}").exactValues("source")).isNull();
        assertThat(EventPattern.parse("{\"detail-type\":[\"x\"]}").exactValues("source")).isNull();
    }
}
