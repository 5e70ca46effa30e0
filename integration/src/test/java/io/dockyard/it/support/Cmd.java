package io.dockyard.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command (docker, skopeo) with extra environment and optional standard input. */
public final class Cmd {
    private Cmd() {}

    /** Exit code and output of one command. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) throw new AssertionError("exit " + exit + ": " + err + out);
            return this;
        }
    }

    public static Result run(Map<String, String> env, String stdin, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd));
            pb.environment().putAll(env);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
