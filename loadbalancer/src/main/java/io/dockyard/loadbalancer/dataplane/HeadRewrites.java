package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/** The two head rewrites of the relay: a request head as the target gets it, a response head as the client gets it. */
final class HeadRewrites {
    private HeadRewrites() {}

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] XFF = "X-Forwarded-For: ".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * The request head for the target: {@code X-Forwarded-For} appended to ({@code clientLine}: the
     * client's address and CRLF), {@code X-Forwarded-Proto}/{@code -Port} replaced by
     * {@code forwardedLines}, hop-by-hop headers dropped unless the request asks for an upgrade.
     */
    static ByteBuf request(ByteBufAllocator alloc, HttpHead h, byte[] clientLine, byte[] forwardedLines) {
        ByteBuf out = alloc.ioBuffer(h.length + 96);
        out.writeBytes(h.raw, h.s0, h.startLineEnd() - h.s0);
        boolean keepConnection = h.wantsUpgrade();
        StringBuilder xff = null;
        for (int i = 0; i < h.count; i++) {
            int n = h.nameEnd(i) - h.nameStart(i);
            if (n == 15 && h.nameIs(i, "x-forwarded-for")) {
                if (xff == null) xff = new StringBuilder();
                else xff.append(", ");
                xff.append(h.value(i));
                continue;
            }
            if ((n == 17 && h.nameIs(i, "x-forwarded-proto")) || (n == 16 && h.nameIs(i, "x-forwarded-port"))) continue;
            if (!keepConnection && ((n == 10 && (h.nameIs(i, "connection") || h.nameIs(i, "keep-alive")))
                    || (n == 16 && h.nameIs(i, "proxy-connection")))) continue;
            out.writeBytes(h.raw, h.lineStart(i), h.lineEndInclusive(i) - h.lineStart(i));
        }
        out.writeBytes(XFF);
        if (xff != null) out.writeBytes(xff.append(", ").toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.writeBytes(clientLine).writeBytes(forwardedLines).writeBytes(CRLF);
    }

    /** The response head for the client: with a {@code Set-Cookie} added (when not null), without {@code Connection}/{@code Keep-Alive} when {@code dropClose}. */
    static ByteBuf response(ByteBufAllocator alloc, HttpHead h, String setCookie, boolean dropClose) {
        ByteBuf out = alloc.ioBuffer(h.length + 128);
        out.writeBytes(h.raw, h.s0, h.startLineEnd() - h.s0);
        for (int i = 0; i < h.count; i++) {
            if (dropClose && (h.nameIs(i, "connection") || h.nameIs(i, "keep-alive"))) continue;
            out.writeBytes(h.raw, h.lineStart(i), h.lineEndInclusive(i) - h.lineStart(i));
        }
        if (setCookie != null) out.writeBytes(("Set-Cookie: " + setCookie + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.writeBytes(CRLF);
    }
}
