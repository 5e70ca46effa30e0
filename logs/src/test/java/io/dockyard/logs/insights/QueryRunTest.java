package io.dockyard.logs.insights;

import io.dockyard.logs.store.FileLogStore;
import io.dockyard.core.port.logs.LogEvent;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryRunTest {
    @TempDir Path dir;
    LogStore store;

    @BeforeEach
    void fill() {
        store = FileLogStore.open(dir);
        store.createGroup(new LogGroup("g", 0, null, Map.of()));
        store.createStream("g", "a", 0);
        store.createStream("g", "b", 0);
        store.append("g", "a", List.of(new LogEvent(1000, "{\"level\":\"error\",\"ms\":300}"), new LogEvent(2000, "{\"level\":\"info\",\"ms\":20}"),
                new LogEvent(3000, "ERROR plain text")), 1);
        store.append("g", "b", List.of(new LogEvent(1500, "{\"level\":\"error\",\"ms\":100}"), new LogEvent(2500, "{\"level\":\"info\",\"ms\":40}")), 1);
    }

    @AfterEach
    void close() { store.close(); }

    private List<List<Map<String, String>>> run(String query) {
        QueryRun r = new QueryRun(InsightsQuery.parse(query), List.of("g"), 0, 10_000, null);
        r.run(store);
        assertThat(r.status()).isEqualTo("Complete");
        return r.results();
    }

    private static String value(List<Map<String, String>> row, String field) {
        return row.stream().filter(c -> c.get("field").equals(field)).map(c -> c.get("value")).findFirst().orElse(null);
    }

    @Test
    void fieldsFilterSortLimit() {
        var rows = run("fields @timestamp, @message, @logStream | filter level = \"error\" | sort @timestamp desc | limit 5");
        assertThat(rows).hasSize(2);
        assertThat(value(rows.get(0), "@logStream")).isEqualTo("b");
        assertThat(value(rows.get(0), "@timestamp")).isEqualTo("1970-01-01 00:00:01.500");
        assertThat(value(rows.get(1), "@message")).isEqualTo("{\"level\":\"error\",\"ms\":300}");
        assertThat(rows.get(0)).anyMatch(c -> c.get("field").equals("@ptr"));
        assertThat(run("filter @message like /ERROR|error/ | fields @message")).hasSize(3);
        assertThat(run("filter ms > 50 and not level = \"info\" | fields ms")).hasSize(2);
        assertThat(run("fields @message | limit 2")).hasSize(2);
    }

    @Test
    void statsCountBy() {
        var rows = run("stats count(*) as n, avg(ms) by level | sort n desc");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(Map.of("field", "level", "value", "error"), Map.of("field", "n", "value", "2"),
                Map.of("field", "avg(ms)", "value", "200"));
        assertThat(value(run("stats count(*)").getFirst(), "count(*)")).isEqualTo("5");
        assertThat(value(run("filter @logStream = \"a\" | stats max(ms), min(ms)").getFirst(), "max(ms)")).isEqualTo("300");
    }

    @Test
    void aStoppedQueryIsCancelled() {
        QueryRun r = new QueryRun(InsightsQuery.parse("fields @message"), List.of("g"), 0, 10_000, null);
        r.stop();
        r.run(store);
        assertThat(r.status()).isEqualTo("Cancelled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fields", "filter level =", "stats median(x)", "sort", "limit x", "parse @message", "filter @message like /(/",
            "fields a | | fields b", "filter x = \"open", "stats count(*) | filter x = 1"})
    void malformedQueries(String q) {
        assertThatThrownBy(() -> InsightsQuery.parse(q)).isInstanceOf(InsightsQuery.MalformedQuery.class);
    }
}
