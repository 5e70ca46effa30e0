package io.dockyard.registry.scan;

import io.dockyard.core.port.Kind;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last scan of an image: its status (IN_PROGRESS, COMPLETE, FAILED), and when complete its findings. */
public record ImageScan(String repository, String digest, String status, String description, Instant startedAt,
                        Instant completedAt, Instant sourceUpdatedAt, List<Finding> findings) {
    public static final Kind<ImageScan> KIND = Kind.of("ecr.image-scan", ImageScan.class, ImageScan::key);

    public String key() { return repository + "@" + digest; }

    /** Findings per severity, most severe first (only severities with findings). */
    public Map<String, Integer> severityCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : Severities.ALL) {
            int n = (int) findings.stream().filter(f -> f.severity().equals(s)).count();
            if (n > 0) counts.put(s, n);
        }
        return counts;
    }
}
