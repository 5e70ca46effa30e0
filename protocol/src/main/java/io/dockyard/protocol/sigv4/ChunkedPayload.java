package io.dockyard.protocol.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} upload ({@code Content-Encoding: aws-chunked}): a sequence of
 * {@code <hex size>;chunk-signature=<signature>\r\n<bytes>\r\n} chunks ending with an empty one. Each chunk is signed with
 * <pre>
 * AWS4-HMAC-SHA256-PAYLOAD \n amzDate \n scope \n previous signature \n sha256("") \n sha256(chunk bytes)
 * </pre>
 * where the previous signature of the first chunk is the seed, i.e. the signature of the request itself. Trailers
 * ({@code STREAMING-...-TRAILER}) are not supported.
 */
public final class ChunkedPayload {
    private static final String SIGNATURE_EXTENSION = "chunk-signature=";
    private static final int MAX_CHUNK_HEADER = 8 + 1 + SIGNATURE_EXTENSION.length() + 64;

    private ChunkedPayload() {}

    /**
     * Checks every chunk signature of {@code body} and returns the payload without the chunk framing.
     *
     * @param body          the request body as received
     * @param seedSignature the signature of the request's {@code Authorization} header
     * @param signingKey    the SigV4 signing key of the request's credential scope
     * @param scope         the scope as in the string to sign: {@code yyyyMMdd/region/service/aws4_request}
     * @param amzDate       the request's {@code X-Amz-Date}
     * @return the decoded payload
     * @throws SigV4Exception BAD_SIGNATURE when the framing is broken or any chunk signature does not match
     */
    public static byte[] decode(byte[] body, String seedSignature, byte[] signingKey, String scope, String amzDate) {
        if (body == null || seedSignature == null || signingKey == null || signingKey.length == 0 || scope == null
            || amzDate == null) {
            throw bad();
        }
        String prefix = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n";
        String suffix = "\n" + Hashing.EMPTY_SHA256 + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        String previous = seedSignature;
        int pos = 0;
        while (true) {
            int eol = crlf(body, pos, Math.min(body.length, pos + MAX_CHUNK_HEADER + 2));
            if (eol < 0) throw bad();
            String header = new String(body, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int semi = header.indexOf(';');
            if (semi < 1 || semi > 8 || !header.startsWith(SIGNATURE_EXTENSION, semi + 1)) throw bad();
            long size = hexSize(header, semi);
            String signature = header.substring(semi + 1 + SIGNATURE_EXTENSION.length());
            int dataStart = eol + 2;
            if (size < 0 || size > (long) body.length - dataStart - 2) throw bad();
            int end = dataStart + (int) size;
            if (body[end] != '\r' || body[end + 1] != '\n') throw bad();
            byte[] chunk = Arrays.copyOfRange(body, dataStart, end);
            String expected = Hashing.hex(Hashing.hmac(signingKey, prefix + previous + suffix + Hashing.sha256Hex(chunk)));
            if (!Hashing.constantTimeEquals(expected, signature)) throw bad();
            previous = signature;
            pos = end + 2;
            if (size == 0) {
                if (pos != body.length) throw bad();
                return out.toByteArray();
            }
            out.writeBytes(chunk);
        }
    }

    private static int crlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        return -1;
    }

    /** The chunk size before the {@code ;}, or -1 if it is not hex. */
    private static long hexSize(String header, int end) {
        long size = 0;
        for (int i = 0; i < end; i++) {
            int d = Character.digit(header.charAt(i), 16);
            if (d < 0) return -1;
            size = size * 16 + d;
        }
        return size;
    }

    private static SigV4Exception bad() {
        return new SigV4Exception(SigV4Exception.Reason.BAD_SIGNATURE);
    }
}
