package io.dockyard.protocol;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An append-only file of records, one JSON document a line ({@link Json#RECORDS}): histories and
 * activities that must survive a crash. A line cut by a crash is skipped on reading.
 */
public final class JsonLines {
    private JsonLines() {}

    /** Appends one record; false (and a line not written) when the disk refuses. */
    public static boolean append(Path file, Object record) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(Json.RECORDS.writeValueAsString(record));
            w.newLine();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The records {@code keep} accepts, oldest first; the file is rewritten (atomically) with just those. */
    public static <T> List<T> load(Path file, Class<T> type, Predicate<T> keep) {
        List<T> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        try {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                try {
                    T item = Json.RECORDS.readValue(line, type);
                    if (!keep.test(item)) continue;
                    out.add(item);
                    kept.add(line);
                } catch (IOException e) {
                    // a line cut by a crash
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, kept);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
