package io.dockyard.agent;

import com.github.dockerjava.api.exception.NotFoundException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The image of the per-task namespace holder ("pause" container), made locally without any registry:
 * a tar holding one tiny static ELF that blocks in a syscall forever, imported like {@code docker import}.
 */
final class PauseImage {
    private static final ReentrantLock STATIC_LOCK = new ReentrantLock();
    static final String REPOSITORY = "dockyard/pause";
    static final String TAG = "1";
    static final String IMAGE = REPOSITORY + ":" + TAG;
    static final String ENTRYPOINT = "/pause";

    private static final long BASE = 0x400000L;
    private static final int HEADERS = 64 + 56;

    private PauseImage() {}

    /** Imports the image unless the engine has it already. */
    static void ensure(Engine engine, String architecture) {
        STATIC_LOCK.lock();
        try {
            try {
                engine.client().inspectImageCmd(IMAGE).exec();
                return;
            } catch (NotFoundException e) {
                // make it
            }
            byte[] tar = tar("pause", elf(architecture));
            engine.importImage(REPOSITORY, TAG, tar);
        } finally {
            STATIC_LOCK.unlock();
        }
    }

    /** A static ELF executable for x86_64 (loop on pause(2)) or arm64 (loop on ppoll(NULL, 0, NULL, NULL)). */
    static byte[] elf(String architecture) {
        boolean arm = "arm64".equals(architecture) || "aarch64".equals(architecture);
        byte[] code = arm ? armCode() : x86Code();
        int size = HEADERS + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2);                       // ET_EXEC
        b.putShort((short) (arm ? 0xB7 : 0x3E));     // EM_AARCH64 / EM_X86_64
        b.putInt(1);                                 // EV_CURRENT
        b.putLong(BASE + HEADERS);                   // entry
        b.putLong(64);                               // program headers right after this header
        b.putLong(0);                                // no section headers
        b.putInt(0);                                 // flags
        b.putShort((short) 64).putShort((short) 56).putShort((short) 1);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1);                                 // PT_LOAD
        b.putInt(5);                                 // R + X
        b.putLong(0).putLong(BASE).putLong(BASE);
        b.putLong(size).putLong(size);
        b.putLong(0x1000);
        b.put(code);
        return b.array();
    }

    private static byte[] x86Code() {
        // loop: mov eax, 34 (pause); syscall; jmp loop
        return new byte[] {(byte) 0xb8, 0x22, 0, 0, 0, 0x0f, 0x05, (byte) 0xeb, (byte) 0xf7};
    }

    private static byte[] armCode() {
        int[] ins = {
            0xd2800000, // mov x0, #0
            0xd2800001, // mov x1, #0
            0xd2800002, // mov x2, #0
            0xd2800003, // mov x3, #0
            0xd2800928, // mov x8, #73 (ppoll)
            0xd4000001, // svc #0
            0x17fffffa, // b loop
        };
        ByteBuffer b = ByteBuffer.allocate(ins.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : ins) b.putInt(i);
        return b.array();
    }

    /** A ustar archive with one executable file at the root. */
    static byte[] tar(String name, byte[] content) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000755");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, String.format("%011o", 0));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        int sum = 0;
        for (byte x : h) sum += x & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
