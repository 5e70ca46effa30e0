package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.QueryService;
import io.dockyard.protocol.RequestContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console's only way in: every page reads, and every action writes, through the same AWS operations the API serves,
 * authorized by the same gate as the signed-in caller. Answers come back as the JSON a client would read.
 */
public final class Api {
    private final Map<String, Map<String, Operation>> json = new HashMap<>();
    private final Map<String, Map<String, Operation>> query = new HashMap<>();
    private final Gate gate;
    private final String region;
    private final String account;

    public Api(List<JsonService> jsonServices, List<QueryService> queryServices, Gate gate, String region, String account) {
        jsonServices.forEach(s -> json.merge(s.signingName(), s.operations(), (a, b) -> { Map<String, Operation> m = new HashMap<>(a); m.putAll(b); return m; }));
        queryServices.forEach(s -> query.put(s.signingName(), s.operations()));
        this.gate = gate;
        this.region = region;
        this.account = account;
    }

    /** Calls a JSON-protocol operation ({@code service} is its signing name: ecs, ecr, servicediscovery, logs, …). */
    public ObjectNode call(Session session, String service, String operation, Map<String, Object> input) {
        Operation op = json.getOrDefault(service, Map.of()).get(operation);
        if (op == null) throw new AwsException("UnknownOperationException", 400, "Operation " + service + ":" + operation + " is not supported.");
        return run(session, service, op, new LinkedHashMap<>(input), false);
    }

    /** Calls a Query-protocol operation with its form parameters ({@code TargetGroupArn}, {@code Names.member.1}, …). */
    public ObjectNode query(Session session, String service, String action, Map<String, String> form) {
        Operation op = query.getOrDefault(service, Map.of()).get(action);
        if (op == null) throw new AwsException("InvalidAction", 400, "Operation " + service + ":" + action + " is not supported.");
        StringBuilder body = new StringBuilder("Action=").append(action);
        form.forEach((k, v) -> body.append('&').append(enc(k)).append('=').append(enc(v)));
        return run(session, service, op, QueryForm.parse(body.toString()), true);
    }

    private ObjectNode run(Session session, String service, Operation op, Map<String, Object> input, boolean queryProtocol) {
        Gate.Caller caller = session.caller();
        RequestContext ctx = new RequestContext(UUID.randomUUID().toString(), region, caller.accessKeyId(), account);
        gate.authorize(caller, service, op.name(), input, ctx, queryProtocol);
        Object out = op.handle(input, ctx);
        JsonNode tree = Json.MAPPER.valueToTree(out == null ? Map.of() : out);
        return tree instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8); }
}
