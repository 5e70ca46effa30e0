package io.dockyard.iam.policy;

import io.dockyard.core.AwsException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser never fails with anything but MalformedPolicyDocument; wildcard matching agrees with a regular-expression oracle. */
class PolicyProperties {

    @Property(tries = 2000)
    void theParserOnlyEverSaysMalformed(@ForAll("documents") String json) {
        for (PolicyDocument.Use use : PolicyDocument.Use.values()) {
            try {
                PolicyDocument.parse(json, use);
            } catch (AwsException e) {
                assertThat(e.code()).isEqualTo("MalformedPolicyDocument");
            }
        }
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"Statement\"", "\"Effect\"", "\"Allow\"", "\"Deny\"", "\"Action\"",
                "\"ecs:*\"", "\"Resource\"", "\"*\"", "\"Principal\"", "\"Condition\"", "\"StringLike\"", "\"NotAction\"", "null", "1e999", "true", "\"\\u0000\"",
                "\"Version\"", "\"2012-10-17\"", "{\"AWS\":[]}", " ");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(l -> String.join("", l)), Arbitraries.strings().ofMaxLength(200));
    }

    @Property(tries = 3000)
    void wildcardsAgreeWithARegex(@ForAll("patterns") String pattern, @ForAll("values") String value) {
        String regex = pattern.chars().mapToObj(c -> c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(Character.toString(c))).reduce("", String::concat);
        assertThat(Wildcards.matches(pattern, value, false)).isEqualTo(Pattern.compile(regex, Pattern.DOTALL).matcher(value).matches());
    }

    @Provide
    Arbitrary<String> patterns() { return Arbitraries.strings().withChars("ab*?:").ofMaxLength(8); }

    @Provide
    Arbitrary<String> values() { return Arbitraries.strings().withChars("ab:").ofMaxLength(10); }
}
