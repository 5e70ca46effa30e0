package io.dockyard.scheduler.query;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster query language: parsing, evaluation on an instance, and error messages. */
class ClusterQueryTest {

    private static final InstanceSubject WEB = new InstanceSubject(new ContainerInstance(
            "arn:aws:ecs:us-east-1:123456789012:container-instance/test/abc", "c", "i-0abc1234", "ACTIVE", null, true, List.of(),
            List.of(Attribute.of("ecs.instance-type", "t2.micro"), Attribute.of("ecs.availability-zone", "us-east-1a"),
                    Attribute.of("stack", "prod"), Attribute.of("gpu", null), Attribute.of("slots", "12")),
            Map.of("agentVersion", "1.14.5"), List.of(), null, Instant.parse("2018-06-18T22:28:28Z"), null, null, 1),
            List.of(task("service:production", "RUNNING"), task("database", "PENDING"), task("batch", "STOPPED")));

    private static Task task(String group, String status) {
        return new Task.Builder().taskArn("arn:t/" + group).group(group).lastStatus(status).build();
    }

    private static boolean eval(String expression) {
        return ClusterQuery.parse(expression).test(WEB);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
            "attribute:ecs.instance-type == t2.micro | true",
            "attribute:ecs.instance-type equals t2.small | false",
            "attribute:ecs.instance-type != t2.small | true",
            "attribute:ecs.instance-type not_equals t2.micro | false",
            "attribute:missing != x | true",
            "attribute:missing == x | false",
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b] | true",
            "attribute:ecs.availability-zone in ['us-east-1c'] | false",
            "attribute:ecs.availability-zone !in [us-east-1c, \"us-east-1d\"] | true",
            "attribute:ecs.availability-zone not_in [us-east-1a] | false",
            "attribute:ecs.instance-type =~ t2.* | true",
            "attribute:ecs.instance-type =~ t2 | false",
            "attribute:ecs.instance-type matches *.micro | true",
            "attribute:ecs.instance-type !~ g2.* | true",
            "attribute:ecs.instance-type not_matches '(t2|m5)\\..*' | false",
            "attribute:gpu exists | true",
            "attribute:gpu == x | false",
            "attribute:missing exists | false",
            "attribute:missing !exists | true",
            "attribute:stack not_exists | false",
            "attribute:slots > 9 | true",
            "attribute:slots <= 11 | false",
            "task:group == service:production | true",
            "task:group == batch | false",
            "task:group != database | false",
            "task:group in [web, database] | true",
            "task:group =~ service:.* | true",
            "task:group exists | true",
            "ec2InstanceId == i-0abc1234 | true",
            "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890'] | false",
            "agentConnected == true | true",
            "agentConnected != TRUE | false",
            "agentVersion < 1.14.6 | true",
            "agentVersion > 1.9 | true",
            "agentVersion == 1.14.5 | true",
            "registeredAt < 2018-06-19 | true",
            "registeredAt == 2018-06-18 | true",
            "registeredAt > 2018-06-18 | false",
            "registeredAt >= 2018-06-18T22:28:28+00:00 | true",
            "registeredAt greater_than 2018-06-18T22:28:27Z | true",
            "registeredAt less_than_equal 2018-06-18T22:28:27 | false",
            "runningTasksCount == 1 | true",
            "runningTasksCount greater_than_equal 2 | false",
    })
    void comparisons(String expression, boolean expected) {
        assertThat(eval(expression)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
            "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d | false",
            "attribute:ecs.instance-type =~ t2.* && attribute:ecs.availability-zone != us-east-1d | true",
            "task:group == nope or task:group == batch or attribute:stack == prod | true",
            "task:group == nope || attribute:stack == dev | false",
            "attribute:stack == prod or attribute:stack == dev and task:group == nope | true",
            "(attribute:stack == prod or attribute:stack == dev) and task:group == nope | false",
            "not(task:group == database) | false",
            "not task:group == batch | true",
            "!(attribute:stack == dev) and !attribute:missing exists | true",
            "NOT attribute:stack == dev AND attribute:slots == 12 | true",
            "not(attribute:ecs.instance-type =~ (t2|m5)\\..*) | false",
            "((attribute:stack==prod)) | true",
    })
    void compoundExpressions(String expression, boolean expected) {
        assertThat(eval(expression)).isEqualTo(expected);
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertThat(ClusterQuery.parse("attribute:a == 1 or attribute:b == 2 and not task:group == x || agentConnected == true").toString())
                .isEqualTo("((attribute:a == 1 or (attribute:b == 2 and not task:group == x)) or agentConnected == true)");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
            "`` | the expression is empty at position 1",
            "attribute:x = y | unexpected '=' (use '==' to compare) at position 13",
            "foo == bar | unknown subject 'foo'; expected one of attribute:<name>, task:group, ec2InstanceId",
            "attribute:ecs.instance-type | expected an operator after 'attribute:ecs.instance-type' but found the end of the expression at position 28",
            "attribute:x == | expected a value after '==' but found the end of the expression",
            "attribute:x == 'abc | unterminated quoted value at position 16",
            "(attribute:x == y | expected ')' to close the '(' at position 1 but found the end of the expression",
            "attribute:x == y attribute:z == w | expected 'and', 'or' or the end of the expression but found 'attribute:z' at position 18",
            "attribute:x in a, b | expected '[' to start the list after 'in' but found 'a'",
            "attribute:x in [a b] | expected ',' or ']' in the list but found 'b'",
            "attribute:x =~ '[a-' | invalid pattern '[a-'",
            "ec2InstanceId > i-1 | operator '>' cannot be used with ec2InstanceId at position 15",
            "registeredAt < yesterday | 'yesterday' is not a date",
            "runningTasksCount == many | 'many' is not a task count",
            "agentVersion >= latest | 'latest' is not an agent version",
            "agentConnected == maybe | agentConnected compares with true or false",
            "attribute:bad$name == 1 | invalid attribute name 'bad$name'",
            "attribute:x == y and | expected a subject",
            "attribute:x ! y | expected an operator after 'attribute:x' but found '!'",
            "task:group > a | operator '>' cannot be used with task:group",
            "attribute:x == y & attribute:z == w | unexpected '&'",
    })
    void errorsAreInvalidParameterWithPosition(String expression, String message) {
        assertThatThrownBy(() -> ClusterQuery.validate(expression))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterException");
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageStartingWith("Invalid cluster query expression \"" + expression + "\": ")
                .hasMessageContaining(message);
    }

    @Test
    void expressionsLongerThan2000CharactersAreRefused() {
        String longest = "attribute:x == " + "y".repeat(2000 - 15);
        ClusterQuery.validate(longest);
        assertThatThrownBy(() -> ClusterQuery.validate(longest + "y")).hasMessageContaining("longer than 2000");
        assertThatThrownBy(() -> ClusterQuery.validate(null)).hasMessageContaining("required");
    }
}
