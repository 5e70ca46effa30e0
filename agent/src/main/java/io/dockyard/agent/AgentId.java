package io.dockyard.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The agent's identity, stable per data directory ({@code dataDir/agent-id}); labels every container it creates. */
final class AgentId {
    private AgentId() {}

    static String load(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("agent-id");
            if (Files.exists(file)) {
                String id = Files.readString(file).trim();
                if (!id.isEmpty()) return id;
            }
            String id = Labels.randomHex(8);
            Path tmp = dataDir.resolve("agent-id.tmp");
            Files.writeString(tmp, id + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the agent id in " + dataDir, e);
        }
    }
}
