package io.dockyard.it.ecs;

import io.dockyard.it.support.Docker;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for tests that run real tasks: wait for a task state through DescribeTasks, read containers, GET a URL. */
final class TaskRuns {
    private TaskRuns() {}

    /** Polls DescribeTasks until the task reaches {@code status}; fails with the last view of the task. */
    static Task await(EcsClient ecs, String cluster, String taskArn, String status) {
        AtomicReference<Task> last = new AtomicReference<>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Task t = ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArn)).tasks().get(0);
                last.set(t);
                return status.equals(t.lastStatus());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("task did not reach " + status + ": " + last.get(), e);
        }
        return last.get();
    }

    /** Waits until the embedded agent has registered this host in {@code cluster}. */
    static void awaitInstance(EcsClient ecs, String cluster) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> !ecs.listContainerInstances(b -> b.cluster(cluster)).containerInstanceArns().isEmpty());
    }

    static Container container(Task t, String name) {
        return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static String eniDetail(Task t, String name) {
        return t.attachments().get(0).details().stream().filter(d -> d.name().equals(name)).map(d -> d.value()).findFirst().orElse(null);
    }

    /** The ids of the containers (running or not) Docker has for a task, by the ECS label. */
    static List<String> dockerIds(String taskArn) {
        String out = Docker.docker("ps", "-aq", "--no-trunc", "--filter", "label=com.amazonaws.ecs.task-arn=" + taskArn);
        return out == null || out.isBlank() ? List.of() : List.of(out.split("\\s+"));
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
