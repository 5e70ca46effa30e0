package io.dockyard.registry.oci;

import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends a stored file by mapping it a window at a time and writing the mapped window, so the kernel
 * copies straight from the page cache to the socket (no read into a buffer first): a large blob pull
 * costs one copy, as Distribution's sendfile does. Each window is unmapped as soon as it is written, so
 * memory stays flat. Uses the FFM API ({@code FileChannel.map(..., Arena)}, Java 22+), looked up at
 * run time because the build targets Java 21; on 21 {@link #AVAILABLE} is false and callers copy.
 */
final class MappedFiles {
    private MappedFiles() {}

    private static final long WINDOW = 32L << 20;
    private static final MethodHandle OF_SHARED, MAP, AS_BUFFER, CLOSE;
    static final boolean AVAILABLE;

    static {
        MethodHandle ofShared = null, map = null, asBuffer = null, close = null;
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            ofShared = l.findStatic(arena, "ofShared", MethodType.methodType(arena));
            map = l.findVirtual(FileChannel.class, "map", MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena));
            asBuffer = l.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
            close = l.findVirtual(arena, "close", MethodType.methodType(void.class));
            ofShared.invoke(); // preview-only on Java 21: fails there
        } catch (Throwable e) {
            ofShared = null;
        }
        OF_SHARED = ofShared;
        MAP = map;
        AS_BUFFER = asBuffer;
        CLOSE = close;
        AVAILABLE = ofShared != null;
    }

    /** Writes {@code length} bytes of {@code file} from {@code offset} as the whole response body, blocking the (virtual) calling thread. */
    static void send(Path file, long offset, long length, Response response, Callback callback) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = offset, left = length;
            while (left > 0) {
                long n = Math.min(WINDOW, left);
                Object arena = OF_SHARED.invoke();
                try {
                    ByteBuffer window = (ByteBuffer) AS_BUFFER.invoke(MAP.invoke(ch, FileChannel.MapMode.READ_ONLY, pos, n, arena));
                    Callback.Completable written = new Callback.Completable();
                    response.write(left == n, window, written);
                    written.get();
                } finally {
                    CLOSE.invoke(arena);
                }
                pos += n;
                left -= n;
            }
            callback.succeeded();
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            callback.failed(e instanceof java.util.concurrent.ExecutionException ee && ee.getCause() != null ? ee.getCause() : e);
        }
    }
}
