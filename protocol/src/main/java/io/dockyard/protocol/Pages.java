package io.dockyard.protocol;

import io.dockyard.core.AwsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one pager of every API: a page of an ordered list and the opaque token of the next page
 * (ECS/ECR/Cloud Map {@code nextToken}, ELBv2 {@code NextMarker}), null at the end. The token is the
 * offset of the next item, encoded; each protocol family names its own error for a bad token.
 */
public record Pages<T>(List<T> items, String nextToken) {

    private static final String PREFIX = "dockyard:";

    /** ECS/ECR style: maxResults in 1..limit (default limit), InvalidParameterException otherwise. */
    public static <T> Pages<T> of(List<T> all, Integer maxResults, String nextToken, int limit) {
        if (maxResults != null && (maxResults < 1 || maxResults > limit)) {
            throw AwsException.invalidParameter("maxResults must be between 1 and " + limit + ".");
        }
        return slice(all, maxResults == null ? limit : maxResults, nextToken, () -> AwsException.invalidParameter("Invalid nextToken."));
    }

    /** One page of {@code size} items from the position {@code token} names; {@code badToken} for a token this pager did not make. */
    public static <T> Pages<T> slice(List<T> all, int size, String token, Supplier<? extends RuntimeException> badToken) {
        int from = token == null || token.isEmpty() ? 0 : offset(token, badToken);
        from = Math.min(from, all.size());
        int to = (int) Math.min(all.size(), (long) from + size);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Pages<>(all.subList(from, to), next);
    }

    /** Where the page a {@link #slice} token names starts (0 without a token): a store reads that many and a page more. */
    public static int start(String token, Supplier<? extends RuntimeException> badToken) {
        return token == null || token.isEmpty() ? 0 : offset(token, badToken);
    }

    private static int offset(String token, Supplier<? extends RuntimeException> badToken) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith(PREFIX)) throw badToken.get();
            int n = Integer.parseInt(decoded.substring(PREFIX.length()));
            if (n < 0) throw badToken.get();
            return n;
        } catch (IllegalArgumentException e) {
            throw badToken.get();
        }
    }
}
