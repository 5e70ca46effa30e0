package io.dockyard.protocol;

import io.dockyard.core.AwsException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagesTest {
    private static final List<Integer> SEVEN = IntStream.range(0, 7).boxed().toList();

    @Test
    void followingTheTokensVisitsEveryItemOnceInOrder() {
        List<Integer> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Pages<Integer> page = Pages.of(SEVEN, 3, token, 100);
            seen.addAll(page.items());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(seen).isEqualTo(SEVEN);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theLimitIsTheDefaultPageSizeAndTheLargestAllowed() {
        assertThat(Pages.of(SEVEN, null, null, 5).items()).hasSize(5);
        assertThatThrownBy(() -> Pages.of(SEVEN, 6, null, 5)).isInstanceOfSatisfying(AwsException.class,
                e -> assertThat(e.code()).isEqualTo("InvalidParameterException"));
        assertThatThrownBy(() -> Pages.of(SEVEN, 0, null, 5)).isInstanceOf(AwsException.class);
    }

    @Test
    void aTokenThisPagerDidNotMakeIsTheFamilysOwnError() {
        var bad = new IllegalStateException("bad");
        for (String token : List.of("%%%", "bm90LW91cnM", "ZG9ja3lhcmQ6LTE", "ZG9ja3lhcmQ6eA")) {
            assertThatThrownBy(() -> Pages.slice(SEVEN, 2, token, () -> bad)).isSameAs(bad);
        }
    }

    @Test
    void aTokenPastTheEndGivesAnEmptyLastPage() {
        String far = Pages.slice(IntStream.range(0, 50).boxed().toList(), 40, null, IllegalStateException::new).nextToken();
        Pages<Integer> page = Pages.slice(SEVEN, 2, far, IllegalStateException::new);
        assertThat(page.items()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }
}
