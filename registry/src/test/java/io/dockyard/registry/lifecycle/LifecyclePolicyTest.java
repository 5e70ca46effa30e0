package io.dockyard.registry.lifecycle;

import io.dockyard.core.AwsException;
import io.dockyard.registry.lifecycle.LifecyclePolicy.Candidate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecyclePolicyTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"description\":\"rule number " + priority + "\",\"selection\":" + selection + ",\"action\":{\"type\":\"expire\"}}";
    }

    static String policy(String... rules) { return "{\"rules\":[" + String.join(",", rules) + "]}"; }

    private static Candidate img(String d, int daysAgo, String... tags) { return new Candidate(d, List.of(tags), NOW.minus(Duration.ofDays(daysAgo))); }

    private static List<String> expired(LifecyclePolicy p, List<Candidate> images) {
        return p.evaluate(images, NOW).stream().map(e -> e.image().digest() + "@" + e.rulePriority()).toList();
    }

    @Test
    void keepsTheNewestUntaggedImagesAndAgesOutTaggedOnesByPrefix() {
        LifecyclePolicy p = LifecyclePolicy.parse(policy(
                rule(1, "{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":30}"),
                rule(2, "{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1}")));
        List<Candidate> images = List.of(img("old-prod", 40, "prod-1"), img("new-prod", 1, "prod-2"), img("dev", 50, "dev-1"),
                img("u1", 3), img("u2", 2), img("u3", 1));
        assertThat(expired(p, images)).containsExactlyInAnyOrder("old-prod@1", "u2@2", "u1@2");
    }

    @Test
    void anImageSelectedByAnEarlierRuleIsOutOfReachOfLaterOnes() {
        LifecyclePolicy p = LifecyclePolicy.parse(policy(
                rule(1, "{\"tagStatus\":\"tagged\",\"tagPatternList\":[\"v*-keep\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":5}"),
                rule(9, "{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1}")));
        List<Candidate> images = List.of(img("k1", 9, "v1-keep"), img("k2", 8, "v2-keep"), img("a", 3, "latest"), img("b", 2), img("c", 1, "x"));
        assertThat(expired(p, images)).containsExactlyInAnyOrder("a@9", "b@9");
    }

    @Test
    void everyPrefixMustMatchSomeTag() {
        LifecyclePolicy p = LifecyclePolicy.parse(policy(
                rule(1, "{\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\",\"beta\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1}")));
        List<Candidate> images = List.of(img("both-old", 5, "prod-1", "beta-1"), img("both-new", 1, "prod-2", "beta-2"), img("prod-only", 9, "prod-3"));
        assertThat(expired(p, images)).containsExactly("both-old@1");
    }

    @Test
    void invalidPoliciesAreRefusedAsEcrDoes() {
        String countOne = "\"countType\":\"imageCountMoreThan\",\"countNumber\":1}";
        for (String bad : List.of(
                "{\"rules\":[]}                                                                                                 ",
                policy(rule(1, "{\"tagStatus\":\"tagged\"," + countOne)),
                policy(rule(1, "{\"tagStatus\":\"untagged\",\"tagPrefixList\":[\"a\"]," + countOne)),
                policy(rule(1, "{\"tagStatus\":\"untagged\"," + countOne), rule(1, "{\"tagStatus\":\"untagged\"," + countOne)),
                policy(rule(1, "{\"tagStatus\":\"any\"," + countOne), rule(2, "{\"tagStatus\":\"untagged\"," + countOne)),
                policy(rule(1, "{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countNumber\":1}")),
                policy(rule(1, "{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":0}")),
                "not json at all, but long enough to pass the length check of one hundred characters......................",
                "{}")) {
            assertThatThrownBy(() -> LifecyclePolicy.parse(bad)).as(bad).isInstanceOf(AwsException.class)
                    .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidParameterException");
        }
    }
}
