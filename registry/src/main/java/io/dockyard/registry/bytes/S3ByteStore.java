package io.dockyard.registry.bytes;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The driver for any S3-compatible object store. Layout under {@code <prefix>} in the bucket:
 * <ul>
 *   <li>{@code blobs/<algorithm>/<hex>}: the objects, written once by a commit (a server-side copy or
 *       a multipart upload completing, both atomic in S3: the key holds all or nothing);</li>
 *   <li>{@code touched/<algorithm>/<hex>}: an empty marker whose time refreshes an object's last change
 *       (S3 cannot touch an object without rewriting it);</li>
 *   <li>{@code uploads/<id>/<offset>}: a staging area, one object per appended chunk, named by the
 *       offset where it starts (20 digits, so names sort by offset). Each chunk is itself streamed as
 *       a multipart upload of {@value #PART}-byte parts while it arrives and becomes visible only when
 *       complete, so the staged size is always the sum of whole chunks: an upload in progress lives
 *       in the bucket, survives restarts and can be continued by any replica.</li>
 * </ul>
 * A commit turns the chunks into the object under the content key: one chunk by a server-side copy,
 * several by a multipart upload whose parts are server-side copies of the chunks (chunks under S3's
 * 5 MiB part minimum are read back and re-sent as part of a larger part). Pulls read the object with
 * ranged GETs, or the registry redirects the client to a presigned URL when one is configured.
 */
public final class S3ByteStore implements ByteStore, AutoCloseable {
    /** The part size of chunk uploads; two parts are in memory per upload in progress. */
    static final int PART = 8 << 20;
    /** S3's minimum size of every part but the last. */
    static final long MIN_PART = 5L << 20;
    /** The largest range copied as one part when a commit assembles an object. */
    static final long COPY_PART = 1L << 30;
    /** The largest object S3 copies in one request. */
    static final long MAX_COPY = 5L << 30;
    private static final ExecutorService PARTS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("s3-part-", 0).factory());

    private final S3Client s3;
    private final S3Presigner presigner;
    private final Duration presignExpiry;
    private final String bucket;
    private final String prefix;

    /**
     * @param presigner when not null, {@link #downloadUrl} answers presigned GET URLs valid for {@code presignExpiry}
     * @param prefix    a key prefix in the bucket, empty or ending with {@code /}
     */
    public S3ByteStore(S3Client s3, S3Presigner presigner, Duration presignExpiry, String bucket, String prefix) {
        this.s3 = s3;
        this.presigner = presigner;
        this.presignExpiry = presignExpiry;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    private String blob(String key) { return prefix + "blobs/" + Keys.key(key).replace(':', '/'); }
    private String touched(String key) { return prefix + "touched/" + Keys.key(key).replace(':', '/'); }
    private String staging(String id) { return prefix + "uploads/" + Keys.id(id) + "/"; }
    private static String chunkName(long offset) { return String.format("%020d", offset); }

    // ---- objects

    @Override
    public long size(String key) throws IOException {
        return head(blob(key)).map(HeadObjectResponse::contentLength).orElse(-1L);
    }

    private Optional<HeadObjectResponse> head(String objectKey) throws IOException {
        return call(() -> {
            try {
                return Optional.of(s3.headObject(b -> b.bucket(bucket).key(objectKey)));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) return Optional.empty();
                throw e;
            }
        });
    }

    @Override
    public Optional<Stat> stat(String key) throws IOException {
        Optional<HeadObjectResponse> h = head(blob(key));
        if (h.isEmpty()) return Optional.empty();
        Instant modified = h.get().lastModified();
        Optional<HeadObjectResponse> t = head(touched(key));
        if (t.isPresent() && t.get().lastModified().isAfter(modified)) modified = t.get().lastModified();
        return Optional.of(new Stat(key, h.get().contentLength(), modified));
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        return get(blob(key), offset, -1, key);
    }

    /** Reads {@code objectKey} from {@code offset}, {@code length} bytes (-1: to the end). */
    private InputStream get(String objectKey, long offset, long length, String name) throws IOException {
        String range = offset == 0 && length < 0 ? null : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            return new Body(s3.getObject(b -> b.bucket(bucket).key(objectKey).range(range)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(name);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(name);
            // a range that starts at the end of the object: nothing left to read
            if (e.statusCode() == 416 && head(objectKey).isPresent()) return InputStream.nullInputStream();
            throw new IOException("S3 GET " + objectKey + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("S3 GET " + objectKey + ": " + e.getMessage(), e);
        }
    }

    /** An object's body that, closed before its end (a client gone mid-pull), drops the connection instead of reading the rest. */
    private static final class Body extends java.io.FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private long left;

        Body(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
            Long length = response.response().contentLength();
            this.left = length == null ? Long.MAX_VALUE : length;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            left = b < 0 ? 0 : left - 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            left = n < 0 ? 0 : left - n;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (left > 0) response.abort();
            super.close();
        }
    }

    @Override
    public Optional<URI> downloadUrl(String key) throws IOException {
        if (presigner == null) return Optional.empty();
        String objectKey = blob(key);
        try {
            return Optional.of(presigner.presignGetObject(p -> p.signatureDuration(presignExpiry)
                    .getObjectRequest(g -> g.bucket(bucket).key(objectKey))).url().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        boolean there = size(key) >= 0;
        deleteAll(List.of(blob(key), touched(key)));
        return there;
    }

    @Override
    public List<Stat> list() throws IOException {
        String blobs = prefix + "blobs/";
        Map<String, Instant> touches = new HashMap<>();
        for (S3Object o : listObjects(prefix + "touched/")) touches.put(keyOf(o.key(), prefix + "touched/"), o.lastModified());
        List<Stat> out = new ArrayList<>();
        for (S3Object o : listObjects(blobs)) {
            String key = keyOf(o.key(), blobs);
            if (key == null) continue;
            Instant t = touches.get(key);
            out.add(new Stat(key, o.size(), t != null && t.isAfter(o.lastModified()) ? t : o.lastModified()));
        }
        return out;
    }

    /** {@code <under><algorithm>/<hex>} back to {@code algorithm:hex}; null for anything else. */
    private static String keyOf(String objectKey, String under) {
        String rest = objectKey.substring(under.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) return null;
        String key = rest.substring(0, slash) + ":" + rest.substring(slash + 1);
        try {
            return Keys.key(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void touch(String key) throws IOException {
        if (size(key) < 0) throw new NoSuchFileException(key);
        String marker = touched(key);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(marker), RequestBody.empty()));
    }

    // ---- staging

    /** One staged chunk: where it starts and how long it is. */
    private record Chunk(String objectKey, long offset, long size, Instant modified) {}

    /** The chunks of a staging area that follow each other from offset 0; null when there is none. */
    private List<Chunk> chunks(String id) throws IOException {
        String dir = staging(id);
        List<Chunk> all = new ArrayList<>();
        for (S3Object o : listObjects(dir)) {
            String name = o.key().substring(dir.length());
            if (!name.matches("\\d{20}")) continue;
            all.add(new Chunk(o.key(), Long.parseLong(name), o.size(), o.lastModified()));
        }
        if (all.isEmpty()) return null;
        all.sort(Comparator.comparingLong(Chunk::offset));
        List<Chunk> contiguous = new ArrayList<>();
        long at = 0;
        for (Chunk c : all) {
            if (c.offset() != at) break; // a chunk written past a gap (a racing writer): not part of the upload
            contiguous.add(c);
            at += c.size();
        }
        return contiguous;
    }

    private static long total(List<Chunk> chunks) { return chunks.stream().mapToLong(Chunk::size).sum(); }

    @Override
    public long stagedSize(String id) throws IOException {
        List<Chunk> chunks = chunks(id);
        return chunks == null ? -1 : total(chunks);
    }

    @Override
    public OutputStream append(String id) throws IOException {
        List<Chunk> chunks = chunks(id);
        long offset = chunks == null ? 0 : total(chunks);
        return new ChunkWriter(staging(id) + chunkName(offset), chunks == null);
    }

    @Override
    public InputStream openStaged(String id) throws IOException {
        List<Chunk> chunks = chunks(id);
        if (chunks == null) throw new NoSuchFileException(id);
        Iterator<Chunk> it = chunks.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override public boolean hasMoreElements() { return it.hasNext(); }
            @Override public InputStream nextElement() {
                Chunk c = it.next();
                try {
                    return c.size() == 0 ? InputStream.nullInputStream() : get(c.objectKey(), 0, -1, id);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public void commit(String id, String key) throws IOException {
        List<Chunk> chunks = chunks(id);
        if (chunks == null) throw new NoSuchFileException(id);
        if (size(key) >= 0) {
            discard(id);
            touch(key);
            return;
        }
        String target = blob(key);
        List<Chunk> data = chunks.stream().filter(c -> c.size() > 0).toList();
        if (data.isEmpty()) {
            call(() -> s3.putObject(b -> b.bucket(bucket).key(target), RequestBody.empty()));
        } else if (data.size() == 1 && data.get(0).size() <= MAX_COPY) {
            call(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(data.get(0).objectKey()).destinationBucket(bucket).destinationKey(target)));
        } else {
            assemble(data, target);
        }
        discard(id);
    }

    /** Writes the chunks, in order, as one object: a multipart upload of copied ranges and re-sent small pieces. */
    private void assemble(List<Chunk> chunks, String target) throws IOException {
        String uploadId = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(target)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                boolean last = i == chunks.size() - 1;
                long pos = 0;
                while (pos < c.size()) {
                    long rest = c.size() - pos;
                    if (pending.size() > 0 || (rest < MIN_PART && !last)) {
                        // too small to stand as a part: read it back and send it with its neighbours
                        long take = pending.size() > 0 ? Math.min(rest, MIN_PART - pending.size()) : rest;
                        try (InputStream in = get(c.objectKey(), pos, take, target)) {
                            in.transferTo(pending);
                        }
                        pos += take;
                        if (pending.size() >= MIN_PART) {
                            parts.add(uploadPart(target, uploadId, parts.size() + 1, pending.toByteArray(), pending.size()));
                            pending.reset();
                        }
                    } else {
                        long n = Math.min(rest, COPY_PART);
                        long from = pos;
                        int number = parts.size() + 1;
                        String etag = call(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(c.objectKey())
                                .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number)
                                .copySourceRange("bytes=" + from + "-" + (from + n - 1))).copyPartResult().eTag());
                        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                        pos += n;
                    }
                }
            }
            if (pending.size() > 0) parts.add(uploadPart(target, uploadId, parts.size() + 1, pending.toByteArray(), pending.size()));
            complete(target, uploadId, parts);
        } catch (IOException | RuntimeException e) {
            abort(target, uploadId);
            throw e;
        }
    }

    private CompletedPart uploadPart(String objectKey, String uploadId, int number, byte[] bytes, int length) throws IOException {
        String etag = call(() -> s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).partNumber(number).contentLength((long) length),
                RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(bytes, 0, length))).eTag());
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void complete(String objectKey, String uploadId, List<CompletedPart> parts) throws IOException {
        call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    private void abort(String objectKey, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (RuntimeException e) {
            // left for the bucket's lifecycle rule or the next discard
        }
    }

    @Override
    public boolean discard(String id) throws IOException {
        String dir = staging(id);
        List<String> keys = listObjects(dir).stream().map(S3Object::key).toList();
        for (MultipartUpload u : multipartUploads(dir)) abort(u.key(), u.uploadId());
        deleteAll(keys);
        return !keys.isEmpty();
    }

    @Override
    public List<Stat> listStaged() throws IOException {
        String uploads = prefix + "uploads/";
        Map<String, Stat> byId = new HashMap<>();
        for (S3Object o : listObjects(uploads)) {
            String rest = o.key().substring(uploads.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) continue;
            byId.merge(rest.substring(0, slash), new Stat(rest.substring(0, slash), o.size(), o.lastModified()), S3ByteStore::sum);
        }
        // a chunk whose upload never completed (the process died mid-request) shows as a multipart upload only
        for (MultipartUpload u : multipartUploads(uploads)) {
            String rest = u.key().substring(uploads.length());
            int slash = rest.indexOf('/');
            if (slash > 0) byId.merge(rest.substring(0, slash), new Stat(rest.substring(0, slash), 0, u.initiated()), S3ByteStore::sum);
        }
        return new ArrayList<>(byId.values());
    }

    private static Stat sum(Stat a, Stat b) {
        return new Stat(a.key(), a.size() + b.size(), a.modified().isAfter(b.modified()) ? a.modified() : b.modified());
    }

    // ---- S3 calls

    private List<S3Object> listObjects(String under) throws IOException {
        return call(() -> {
            List<S3Object> out = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under)).contents().forEach(out::add);
            return out;
        });
    }

    private List<MultipartUpload> multipartUploads(String under) {
        try {
            List<MultipartUpload> out = new ArrayList<>();
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(under)).uploads().forEach(out::add);
            return out;
        } catch (RuntimeException e) {
            return Collections.emptyList(); // not every S3-compatible store lists them
        }
    }

    /** One DELETE per key: DeleteObjects needs a Content-MD5 that several S3-compatible stores do not accept from the SDK's newer checksums. */
    private void deleteAll(List<String> keys) throws IOException {
        for (String k : keys) call(() -> s3.deleteObject(b -> b.bucket(bucket).key(k)));
    }

    /** An S3 call whose failure is an I/O error. */
    interface S3Call<T> { T run() throws IOException; }

    private static <T> T call(S3Call<T> step) throws IOException {
        try {
            return step.run();
        } catch (S3Exception e) {
            throw new IOException("S3 " + e.awsErrorDetails().errorCode() + ": " + e.getMessage(), e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new IOException("S3: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
        if (presigner != null) presigner.close();
    }

    /**
     * Streams one chunk to S3: a single PUT when it is smaller than a part, else a multipart upload
     * whose parts are sent while the next one fills (one part in flight). The chunk appears when the
     * stream is closed; an empty chunk is written only to create the staging area.
     */
    private final class ChunkWriter extends OutputStream {
        private final String objectKey;
        private final boolean create;
        private byte[] buf = new byte[64 << 10];
        private int len;
        private String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private CompletableFuture<CompletedPart> inFlight;
        private byte[] spare;
        private boolean closed;

        ChunkWriter(String objectKey, boolean create) {
            this.objectKey = objectKey;
            this.create = create;
        }

        @Override
        public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            if (closed) throw new IOException("closed");
            while (n > 0) {
                if (len == buf.length) {
                    if (buf.length < PART) buf = java.util.Arrays.copyOf(buf, Math.min(PART, buf.length * 4));
                    else sendPart();
                }
                int k = Math.min(n, buf.length - len);
                System.arraycopy(b, off, buf, len, k);
                len += k;
                off += k;
                n -= k;
            }
        }

        /** Sends the full buffer as the next part (after the one in flight is done) and carries on in the other buffer. */
        private void sendPart() throws IOException {
            if (uploadId == null) uploadId = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId());
            awaitInFlight();
            byte[] full = buf;
            int length = len;
            int number = parts.size() + 1;
            inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return uploadPart(objectKey, uploadId, number, full, length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, PARTS);
            buf = spare != null ? spare : new byte[PART];
            spare = full;
            len = 0;
        }

        private void awaitInFlight() throws IOException {
            if (inFlight == null) return;
            try {
                parts.add(inFlight.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending a part", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                throw cause instanceof IOException io ? io : new IOException(cause);
            } finally {
                inFlight = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                if (uploadId == null) {
                    if (len > 0 || create) {
                        byte[] bytes = buf;
                        int length = len;
                        call(() -> s3.putObject(b -> b.bucket(bucket).key(objectKey).contentLength((long) length),
                                RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(bytes, 0, length))));
                    }
                    return;
                }
                awaitInFlight();
                if (len > 0) parts.add(uploadPart(objectKey, uploadId, parts.size() + 1, buf, len));
                complete(objectKey, uploadId, parts);
            } catch (IOException | RuntimeException e) {
                if (uploadId != null) abort(objectKey, uploadId);
                throw e;
            } finally {
                buf = null;
                spare = null;
            }
        }
    }
}
