package io.dockyard.registry.oci;

import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Records.Tag;
import io.dockyard.registry.domain.Registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tag listing and the catalog, both paginated with {@code n}/{@code last} and a {@code Link} header. */
final class ListEndpoints {
    private static final int DEFAULT_PAGE = 1000;
    private final Registry registry;

    ListEndpoints(Registry registry) { this.registry = registry; }

    void tags(Exchange x) {
        registry.repository(x.repo);
        List<String> all = registry.tags(x.repo).stream().map(Tag::tag).toList();
        Integer n = size(x);
        if (n == null) return;
        List<String> page = page(x, all, n, "/v2/" + x.repo + "/tags/list");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", x.repo);
        body.put("tags", page);
        x.json(200, "application/json", body);
    }

    void catalog(Exchange x) {
        List<String> all = registry.repositories().stream().map(Repository::name).sorted().toList();
        Integer n = size(x);
        if (n == null) return;
        x.json(200, "application/json", Map.of("repositories", page(x, all, n, "/v2/_catalog")));
    }

    private static Integer size(Exchange x) {
        String n = x.param("n");
        if (n == null) return DEFAULT_PAGE;
        try {
            int v = Integer.parseInt(n);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        OciErrors.send(x, 400, "PAGINATION_NUMBER_INVALID", "Invalid page size n=" + n + ".");
        return null;
    }

    private static List<String> page(Exchange x, List<String> sorted, int n, String path) {
        String last = x.param("last");
        List<String> after = last == null ? sorted : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        if (page.size() < after.size() && !page.isEmpty()) {
            String next = path + "?n=" + n + "&last=" + URLEncoder.encode(page.get(page.size() - 1), StandardCharsets.UTF_8);
            x.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return page;
    }
}
