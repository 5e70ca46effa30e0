package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where messages end, whatever way the bytes are cut into reads: chunked bodies and heads. */
class FramingPropertiesTest {
    private static final byte[] NEXT = "GET /next HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    @Provide
    Arbitrary<List<Integer>> chunkSizes() { return Arbitraries.integers().between(1, 700).list().ofMaxSize(8); }

    @Property(tries = 300)
    void aChunkedBodyEndsExactlyAfterItsLastChunkAndTrailers(@ForAll("chunkSizes") List<Integer> sizes, @ForAll boolean extensions,
                                                             @ForAll boolean trailers, @ForAll boolean upperHex,
                                                             @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 400) Integer> cuts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size : sizes) {
            String hex = Integer.toHexString(size);
            body.writeBytes(((upperHex ? hex.toUpperCase() : hex) + (extensions ? ";a=b" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("x".repeat(size).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("0" + (extensions ? ";last" : "") + "\r\n" + (trailers ? "X-Sum: 1\r\nX-Other: 2\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] message = body.toByteArray();
        byte[] stream = concat(message, NEXT);
        BodyFramer framer = new BodyFramer();
        framer.chunked();
        int consumed = 0, at = 0, cut = 0;
        while (at < stream.length && !framer.done()) {
            int len = Math.min(stream.length - at, cuts.isEmpty() ? stream.length : cuts.get(cut++ % cuts.size()));
            ByteBuf read = Unpooled.wrappedBuffer(stream, at, len);
            int n = framer.consume(read);
            assertThat(framer.malformed()).isFalse();
            consumed += n;
            at += len;
            if (!framer.done()) assertThat(n).isEqualTo(len);
        }
        assertThat(framer.done()).isTrue();
        assertThat(consumed).isEqualTo(message.length);
    }

    @Property(tries = 200)
    void aHeadIsFoundOnlyWhenItsBlankLineHasArrived(@ForAll @IntRange(min = 0, max = 6) int headers, @ForAll boolean bareLf,
                                                   @ForAll @IntRange(min = 1, max = 60) int step) {
        String eol = bareLf ? "\n" : "\r\n";
        StringBuilder h = new StringBuilder("GET /p HTTP/1.1").append(eol);
        for (int i = 0; i < headers; i++) h.append("X-H").append(i).append(": v").append(i).append(eol);
        h.append(eol);
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] stream = concat(head, NEXT);
        ByteBuf buf = Unpooled.buffer();
        int scanFrom = 0;
        for (int at = 0; at < stream.length; at += step) {
            buf.writeBytes(stream, at, Math.min(step, stream.length - at));
            int end = HttpHead.end(buf, scanFrom);
            if (at + step < head.length) {
                assertThat(end).isEqualTo(-1);
                scanFrom = buf.readableBytes();
            } else {
                assertThat(end).isEqualTo(head.length);
                HttpHead parsed = HttpHead.parse(buf, end, false);
                assertThat(parsed).isNotNull();
                assertThat(parsed.count).isEqualTo(headers);
                return;
            }
        }
    }

    @Test
    void malformedChunkSizesAreCaught() {
        for (String bad : new String[] {"zz\r\n", "\r\n", "5\r\nhelloXY", "5\r\nhello\r\n-1\r\n"}) {
            BodyFramer f = new BodyFramer();
            f.chunked();
            f.consume(Unpooled.copiedBuffer(bad, StandardCharsets.US_ASCII));
            assertThat(f.malformed()).as(bad).isTrue();
        }
    }

    @Test
    void headsReadTheirFraming() {
        ByteBuf b = Unpooled.copiedBuffer("POST /x?a=1&b=two%20words HTTP/1.0\r\nHost: Shop.Example:8080\r\nContent-Length: 12\r\n"
                + "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nX-Multi: 1\r\nx-multi: 2\r\n\r\n", StandardCharsets.US_ASCII);
        HttpHead h = HttpHead.parse(b, HttpHead.end(b, 0), false);
        assertThat(h.method()).isEqualTo("POST");
        assertThat(h.path()).isEqualTo("/x");
        assertThat(h.query()).isEqualTo("a=1&b=two%20words");
        assertThat(h.queryParams()).extracting(e -> e.getKey() + "=" + e.getValue()).containsExactly("a=1", "b=two words");
        assertThat(h.host()).isEqualTo("Shop.Example");
        assertThat(h.headers("X-MULTI")).containsExactly("1", "2");
        assertThat(h.contentLength).isEqualTo(12);
        assertThat(h.http10).isTrue();
        assertThat(h.persistent()).isTrue();
        assertThat(h.wantsUpgrade()).isTrue();

        ByteBuf r = Unpooled.copiedBuffer("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII);
        HttpHead resp = HttpHead.parse(r, HttpHead.end(r, 0), true);
        assertThat(resp.status).isEqualTo(404);
        assertThat(resp.chunked).isTrue();
        assertThat(resp.persistent()).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
