package io.dockyard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The AWS CLI kept warm: Python interpreters that each run the installed CLI's own driver ({@code awscli.clidriver}) for
 * one command at a time ({@code aws-cli-worker.py}). The command is parsed, signed, sent and printed by the same code as
 * a fresh {@code aws} process; only the interpreter's start and botocore's import (about a CPU-second a command, the
 * largest cost of the integration tests on two cores) are paid once per worker. A CLI that is not a Python script, or
 * {@code DOCKYARD_IT_CLI_PROCESS=1}, runs as a process per command instead.
 */
final class CliWorkers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Optional<CliWorkers>> BY_BINARY = new ConcurrentHashMap<>();
    private static volatile Path script;
    private static final java.util.concurrent.ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    private final List<String> interpreter;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

    private CliWorkers(List<String> interpreter) { this.interpreter = interpreter; }

    /** The workers for this CLI ({@code aws} on PATH, or a path), if it is a Python AWS CLI. */
    static Optional<CliWorkers> of(String binary) {
        if ("1".equals(System.getenv("DOCKYARD_IT_CLI_PROCESS"))) return Optional.empty();
        return BY_BINARY.computeIfAbsent(binary, CliWorkers::resolve);
    }

    private static Optional<CliWorkers> resolve(String binary) {
        try {
            Path path = binary.contains("/") ? Path.of(binary) : onPath(binary);
            if (path == null) return Optional.empty();
            String head = firstLines(path);
            if (head.startsWith("#!/usr/bin/env bash") || head.startsWith("#!/bin/bash")) { // a pyenv shim: the script it runs
                Path real = pyenvWhich(binary);
                if (real == null) return Optional.empty();
                path = real;
                head = firstLines(path);
            }
            if (!head.startsWith("#!") || !head.contains("python") || !head.contains("awscli")) return Optional.empty();
            List<String> interpreter = new ArrayList<>(List.of(head.lines().findFirst().orElse("").substring(2).trim().split("\\s+")));
            return Optional.of(new CliWorkers(interpreter));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    AwsCli.Result run(List<String> args, Map<String, String> env, long timeoutSeconds) throws IOException {
        Worker w = idle.poll();
        if (w == null || !w.process.isAlive()) w = start();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("args", args);
        request.put("env", env);
        w.in.write(JSON.writeValueAsString(request));
        w.in.write('\n');
        w.in.flush();
        Worker worker = w;
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return worker.out.readLine();
            } catch (IOException e) {
                return null;
            }
        }, READERS);
        String answer;
        try {
            answer = line.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            w.process.destroyForcibly();
            throw new AssertionError("aws timed out: " + String.join(" ", args));
        } catch (Exception e) {
            w.process.destroyForcibly();
            throw new IOException("the AWS CLI worker failed", e);
        }
        if (answer == null) {
            w.process.destroyForcibly();
            throw new IOException("the AWS CLI worker ended: " + new String(w.process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        idle.push(w);
        JsonNode a = JSON.readTree(answer);
        return new AwsCli.Result(a.path("exit").asInt(), a.path("stdout").asText(), a.path("stderr").asText());
    }

    private record Worker(Process process, BufferedWriter in, BufferedReader out) {}

    private Worker start() throws IOException {
        List<String> cmd = new ArrayList<>(interpreter);
        cmd.add(script().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_PAGER", "");
        pb.environment().remove("AWS_PROFILE");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        return new Worker(p, new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)),
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    }

    private static synchronized Path script() throws IOException {
        if (script == null) {
            Path p = Files.createTempFile("aws-cli-worker-", ".py");
            try (InputStream in = CliWorkers.class.getResourceAsStream("/aws-cli-worker.py")) {
                Files.write(p, in.readAllBytes());
            }
            p.toFile().deleteOnExit();
            script = p;
        }
        return script;
    }

    private static String firstLines(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static Path pyenvWhich(String name) {
        try {
            Process p = new ProcessBuilder("pyenv", "which", name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? Path.of(out) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
