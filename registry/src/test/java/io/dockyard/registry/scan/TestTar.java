package io.dockyard.registry.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes ustar archives for tests (regular files, directories, GNU long names). */
final class TestTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    TestTar file(String name, String content) { return file(name, content.getBytes(StandardCharsets.UTF_8)); }

    TestTar file(String name, byte[] content) {
        if (name.length() > 99) header("././@LongLink", 'L', name.length() + 1).data((name + "\0").getBytes(StandardCharsets.UTF_8));
        return header(name.length() > 99 ? name.substring(0, 99) : name, '0', content.length).data(content);
    }

    /** A file whose name is given in a pax extended header ({@code path=}), as Docker and BuildKit write long names. */
    TestTar paxFile(String name, String content) {
        String rec = " path=" + name + "\n";
        int len = rec.length();
        len += String.valueOf(len + String.valueOf(len).length()).length();
        byte[] record = (len + rec).getBytes(StandardCharsets.UTF_8);
        header("PaxHeaders/x", 'x', record.length).data(record);
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return header("truncated-name", '0', b.length).data(b);
    }

    TestTar dir(String name) { return header(name + "/", '5', 0); }

    private TestTar header(String name, char type, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        h[262] = 0;
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        bytes.writeBytes(h);
        return this;
    }

    private TestTar data(byte[] content) {
        bytes.writeBytes(content);
        bytes.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes.toByteArray());
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    byte[] gzip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar());
        }
        return out.toByteArray();
    }
}
