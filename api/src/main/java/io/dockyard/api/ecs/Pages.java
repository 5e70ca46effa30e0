package io.dockyard.api.ecs;

import io.dockyard.core.AwsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * maxResults/nextToken pagination over an ordered list. The token is opaque to clients: the offset
 * of the next item, encoded.
 */
public record Pages<T>(List<T> items, String nextToken) {

    public static <T> Pages<T> of(List<T> all, Integer maxResults, String nextToken, int limit) {
        int max = maxResults == null ? limit : maxResults;
        if (maxResults != null && (maxResults < 1 || maxResults > limit)) {
            throw AwsException.invalidParameter("maxResults must be between 1 and " + limit + ".");
        }
        int from = 0;
        if (nextToken != null && !nextToken.isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
                if (!decoded.startsWith("dockyard:")) throw new IllegalArgumentException();
                from = Integer.parseInt(decoded.substring("dockyard:".length()));
            } catch (IllegalArgumentException e) {
                throw AwsException.invalidParameter("Invalid nextToken.");
            }
        }
        if (from > all.size()) from = all.size();
        int to = Math.min(all.size(), from + max);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(("dockyard:" + to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Pages<>(all.subList(from, to), next);
    }
}
