package io.dockyard.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Direct AWS JSON 1.1 calls to the ECS API, for tests that poll state many times a second (the
 * AWS CLI costs about a second per call). The answer is the same JSON the CLI prints.
 */
public final class EcsWire {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String endpoint;

    /** An AWS Authorization header as the CLI sends it (any credentials pass in local mode; none at all are refused). */
    public static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0";

    public EcsWire(String endpoint) { this.endpoint = endpoint; }

    /** Calls {@code operation} with the JSON body; fails on an error answer. */
    public JsonNode call(String operation, Object body) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                    .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation)
                    .header("Authorization", AUTHORIZATION)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body))).build();
            HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new AssertionError(operation + " answered " + res.statusCode() + ": " + res.body());
            return MAPPER.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
