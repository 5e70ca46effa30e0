package io.dockyard.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The awslogs driver's pure pieces: reading Docker's log stream, assembling events, its options. */
class AwslogsPiecesTest {

    private static void frame(ByteArrayOutputStream out, int type, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        out.write(type);
        out.writeBytes(new byte[]{0, 0, 0});
        out.writeBytes(new byte[]{(byte) (p.length >>> 24), (byte) (p.length >>> 16), (byte) (p.length >>> 8), (byte) p.length});
        out.writeBytes(p);
    }

    private static List<LogLines.Line> read(byte[] bytes, boolean tty) throws Exception {
        LogLines lines = new LogLines(new ByteArrayInputStream(bytes), tty);
        List<LogLines.Line> out = new ArrayList<>();
        LogLines.Line l;
        while ((l = lines.next()) != null) out.add(l);
        return out;
    }

    @Test
    void dockersTimestampsAreReadAsInstantParseReadsThem() {
        for (String t : List.of("2026-12-04T05:00:00.000000001Z", "2026-12-04T05:00:00Z", "1999-02-28T23:59:59.5Z", "2024-02-29T12:00:00.123456Z",
                "1970-01-01T00:00:00.000000000Z", "2100-12-31T23:59:59.999999999Z")) {
            byte[] b = ("x" + t + " rest").getBytes(StandardCharsets.US_ASCII);
            java.time.Instant i = java.time.Instant.parse(t);
            assertThat(LogLines.rfc3339Nanos(b, 1, 1 + t.length())).as(t).isEqualTo(i.getEpochSecond() * 1_000_000_000L + i.getNano());
        }
        for (String t : List.of("2026-12-04T05:00:00+01:00", "2026-12-04 05:00:00Z", "2026-13-04T05:00:00Z", "2026-12-04T05:00:00.Z",
                "2026-12-04T05:00:00.1234567890Z", "2026-12-04T05:0a:00Z")) {
            byte[] b = t.getBytes(StandardCharsets.US_ASCII);
            assertThat(LogLines.rfc3339Nanos(b, 0, b.length)).as(t).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aLineOfOnlyACarriageReturnIsAnEmptyLineAndABareNewlineNone() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frame(b, 1, "2026-12-04T05:00:00Z a\n\r\n\nb\n");
        assertThat(read(b.toByteArray(), false)).extracting(LogLines.Line::text).containsExactly("a", "", "b");
    }

    @Test
    void framesBecomeLinesWithTheirTimestampsAndPartialEntriesAreJoined() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frame(b, 1, "2026-12-04T05:00:00.000000001Z hello\n");
        frame(b, 2, "2026-12-04T05:00:00.500000000Z err\r\n");
        frame(b, 1, "2026-12-04T05:00:01.000000000Z long-");
        frame(b, 1, "2026-12-04T05:00:01.100000000Z line\n");
        frame(b, 1, "2026-12-04T05:00:02.000000000Z no newline at the end");
        List<LogLines.Line> lines = read(b.toByteArray(), false);
        assertThat(lines).extracting(LogLines.Line::text).containsExactly("hello", "err", "long-line", "no newline at the end");
        assertThat(lines.get(0).nanos()).isEqualTo(java.time.Instant.parse("2026-12-04T05:00:00Z").getEpochSecond() * 1_000_000_000L + 1);
        assertThat(lines.get(2).nanos() / 1_000_000).isEqualTo(java.time.Instant.parse("2026-12-04T05:00:01Z").toEpochMilli());
    }

    @Test
    void aHugeLineIsCutAtTheEventLimitAndBinaryJunkIsReplaced() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frame(b, 1, "2026-12-04T05:00:00Z " + "é".repeat(300_000) + "\n");
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, 1, 'x', '\n'};
        byte[] head = "2026-12-04T05:00:03Z ".getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[head.length + junk.length];
        System.arraycopy(head, 0, p, 0, head.length);
        System.arraycopy(junk, 0, p, head.length, junk.length);
        b.write(1);
        b.writeBytes(new byte[]{0, 0, 0, 0, 0, 0, (byte) p.length});
        b.writeBytes(p);
        List<LogLines.Line> lines = read(b.toByteArray(), false);
        assertThat(lines).hasSize(4);
        for (LogLines.Line l : lines.subList(0, 3)) assertThat(LogEventAssembler.utf8(l.text())).isLessThanOrEqualTo(LogLines.MAX_LINE_BYTES);
        assertThat(lines.subList(0, 3).stream().mapToInt(l -> l.text().length()).sum()).isEqualTo(300_000);
        assertThat(lines.get(3).text()).endsWith("x").contains("\uFFFD");
    }

    @Test
    void aTtyStreamIsReadByLines() throws Exception {
        byte[] raw = "2026-12-04T05:00:00Z one\r\n2026-12-04T05:00:01Z two\n".getBytes(StandardCharsets.UTF_8);
        assertThat(read(raw, true)).extracting(LogLines.Line::text).containsExactly("one", "two");
    }

    @Test
    void multilineEventsStartAtEveryMatchingLine() {
        List<LogEventAssembler.Event> out = new ArrayList<>();
        LogEventAssembler a = new LogEventAssembler(Pattern.compile("^INFO|^ERROR"), out::add);
        long t = 1_000_000_000L;
        for (String s : List.of("INFO start", "ERROR boom", "  at a.b(C.java:1)", "  at d.e(F.java:2)", "", "INFO next")) {
            a.add(new LogLines.Line(t += 1_000_000, s));
        }
        assertThat(out).extracting(LogEventAssembler.Event::message).containsExactly("INFO start", "ERROR boom\n  at a.b(C.java:1)\n  at d.e(F.java:2)\n");
        assertThat(a.hasPending()).isTrue();
        a.flush();
        assertThat(out.get(2).message()).isEqualTo("INFO next");
        assertThat(out.get(1).timestamp()).isEqualTo(1002L);
        assertThat(out.get(1).lastNanos()).isEqualTo(1_005_000_000L);
    }

    @Test
    void withoutAPatternEveryNonEmptyLineIsAnEvent() {
        List<LogEventAssembler.Event> out = new ArrayList<>();
        LogEventAssembler a = new LogEventAssembler(null, out::add);
        a.add(new LogLines.Line(5_000_000, "a"));
        a.add(new LogLines.Line(6_000_000, ""));
        a.add(new LogLines.Line(7_000_000, "ünï"));
        assertThat(out).extracting(LogEventAssembler.Event::message).containsExactly("a", "ünï");
        assertThat(out.get(1).bytes()).isEqualTo(5);
    }

    @Test
    void optionsAreReadAsDockersDriverReadsThem() {
        AwslogsOptions o = AwslogsOptions.of(Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "/ecs/web",
                "awslogs-stream-prefix", "ecs", "awslogs-create-group", "true", "awslogs-datetime-format", "%Y-%m-%d %H:%M:%S",
                "mode", "non-blocking", "max-buffer-size", "4m")));
        assertThat(o.group()).isEqualTo("/ecs/web");
        assertThat(o.createGroup()).isTrue();
        assertThat(o.blocking()).isFalse();
        assertThat(o.maxBufferBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(o.streamName("web", "abc123", "d0cker")).isEqualTo("ecs/web/abc123");
        assertThat(o.multilineStart().matcher("2026-12-04 05:00:00 hello").find()).isTrue();
        assertThat(o.multilineStart().matcher("  2026-12-04 05:00:00").find()).isFalse();
        AwslogsOptions bare = AwslogsOptions.of(Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "g")));
        assertThat(bare.streamName("web", "abc", "d0cker")).isEqualTo("d0cker");
        assertThat(bare.blocking()).isFalse();
        assertThat(bare.maxBufferBytes()).isEqualTo(AwslogsOptions.DEFAULT_BUFFER);
        assertThat(AwslogsOptions.of(Map.of("logDriver", "json-file"))).isNull();
        assertThatThrownBy(() -> AwslogsOptions.of(Map.of("logDriver", "awslogs", "options", Map.of("awslogs-region", "us-east-1"))))
                .hasMessageContaining("awslogs-group");
        assertThatThrownBy(() -> AwslogsOptions.of(Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "g",
                "awslogs-multiline-pattern", "(", "x", "y")))).hasMessageContaining("multiline");
        assertThatThrownBy(() -> AwslogsOptions.of(Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "g", "mode", "fast"))))
                .hasMessageContaining("mode");
    }
}
