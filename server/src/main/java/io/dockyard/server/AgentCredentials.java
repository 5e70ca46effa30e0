package io.dockyard.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The access key a remote agent signs with, from the standard places in the AWS CLI's order: the command line
 * ({@code --access-key-id}/{@code --secret-access-key}/{@code --session-token}), the environment
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), else a profile
 * ({@code --profile}, else {@code AWS_PROFILE}, else {@code default}) of the shared credentials file
 * ({@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}). None found: the agent does not sign (local mode).
 */
record AgentCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    static AgentCredentials resolve(String id, String secret, String token, String profile, Map<String, String> env, Path home) {
        if (present(id) && present(secret)) return new AgentCredentials(id, secret, present(token) ? token : null);
        if (present(id) || present(secret)) throw new IllegalArgumentException("--access-key-id and --secret-access-key go together");
        if (!present(profile) && present(env.get("AWS_ACCESS_KEY_ID")) && present(env.get("AWS_SECRET_ACCESS_KEY"))) {
            return new AgentCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"),
                    present(env.get("AWS_SESSION_TOKEN")) ? env.get("AWS_SESSION_TOKEN") : null);
        }
        String name = present(profile) ? profile : present(env.get("AWS_PROFILE")) ? env.get("AWS_PROFILE") : "default";
        Path file = present(env.get("AWS_SHARED_CREDENTIALS_FILE")) ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE")) : home.resolve(".aws").resolve("credentials");
        Map<String, String> p = profile(file, name);
        if (present(p.get("aws_access_key_id")) && present(p.get("aws_secret_access_key"))) {
            return new AgentCredentials(p.get("aws_access_key_id"), p.get("aws_secret_access_key"), p.get("aws_session_token"));
        }
        if (present(profile)) throw new IllegalArgumentException("no access key in profile " + profile + " of " + file);
        return null;
    }

    /** The keys of section {@code [name]} of an INI file (empty when the file or the section is missing). */
    static Map<String, String> profile(Path file, String name) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) return out;
        boolean in = false;
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    in = line.substring(1, line.length() - 1).strip().equals(name);
                } else if (in && line.contains("=")) {
                    out.put(line.substring(0, line.indexOf('=')).strip().toLowerCase(java.util.Locale.ROOT), line.substring(line.indexOf('=') + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean present(String s) { return s != null && !s.isBlank(); }

    @Override
    public String toString() { return "AgentCredentials[" + accessKeyId + "]"; }
}
