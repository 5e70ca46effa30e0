package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Attribute;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A small agent played by the test: speaks the agent protocol over HTTP, as the real agent does. */
final class ScriptedAgent {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    /** An HTTP answer: status and body. */
    record Answer(int status, String body) {
        <T> T as(Class<T> type) {
            if (status != 200) throw new AssertionError("agent endpoint answered " + status + ": " + body);
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new AssertionError("bad body " + body, e);
            }
        }
    }

    ScriptedAgent(String endpoint) { this.base = endpoint + "/_dockyard/agent/v1/"; }

    AgentRegistered register(String cluster, String name, long cpu, long memory, boolean fargate) {
        return post("register", new AgentRegistration(cluster, name, cpu, memory, List.of("8443"),
                List.of(Attribute.of("team", "blue")), Map.of("agentVersion", "scripted-1", "dockerVersion", "20.10"), fargate)).as(AgentRegistered.class);
    }

    Answer poll(String instanceArn, long since, int waitSeconds) {
        return get("poll?containerInstance=" + instanceArn + "&since=" + since + "&waitSeconds=" + waitSeconds);
    }

    AgentWork work(String instanceArn, long since, int waitSeconds) { return poll(instanceArn, since, waitSeconds).as(AgentWork.class); }

    Answer clusters(long since, int waitSeconds) { return get("clusters?since=" + since + "&waitSeconds=" + waitSeconds); }

    Answer report(TaskReport report) { return post("report", report); }

    Answer post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Answer get(String pathAndQuery) { return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build()); }

    private Answer send(HttpRequest r) {
        try {
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Answer(resp.statusCode(), resp.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
