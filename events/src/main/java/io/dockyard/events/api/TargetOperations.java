package io.dockyard.events.api;

import io.dockyard.events.delivery.Inputs;
import io.dockyard.events.rules.Bus;
import io.dockyard.events.rules.Rule;
import io.dockyard.events.rules.RuleState;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PutTargets, RemoveTargets, ListTargetsByRule. */
final class TargetOperations {
    static final int MAX_TARGETS = 5;
    private final RuleState state;
    private final Names names;

    TargetOperations(RuleState state, Names names) {
        this.state = state;
        this.names = names;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutTargets", this::put), NamedOperation.of("RemoveTargets", this::remove),
                NamedOperation.of("ListTargetsByRule", this::list));
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        Rule rule = names.rule(bus, Names.ruleName(in, "Rule"));
        List<JsonInput> given = in.structs("Targets");
        if (given.isEmpty() || given.size() > 10) {
            throw in.constraint("targets", given.size(), "Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        List<Target> parsed = new ArrayList<>();
        for (JsonInput t : given) parsed.add(target(t));
        List<Object> failed = new ArrayList<>();
        synchronized (state) {
            Rule current = names.rule(bus, rule.name());
            Map<String, Target> targets = new LinkedHashMap<>();
            current.targets().forEach(t -> targets.put(t.id(), t));
            for (Target t : parsed) {
                if (!targets.containsKey(t.id()) && targets.size() >= MAX_TARGETS) {
                    failed.add(Out.obj().with("TargetId", t.id()).with("ErrorCode", "LimitExceededException")
                            .with("ErrorMessage", "The requested resource exceeds the maximum number allowed."));
                    continue;
                }
                targets.put(t.id(), t);
            }
            state.update(bus.name(), rule.name(), r -> r.withTargets(List.copyOf(targets.values())));
        }
        return Out.obj().with("FailedEntryCount", failed.size()).with("FailedEntries", failed);
    }

    private static Target target(JsonInput t) {
        String id = t.required("Id");
        if (!Names.NAME.matcher(id).matches()) throw t.constraint("Id", id, "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        String arn = t.required("Arn");
        if (!arn.startsWith("arn:")) throw Names.validation("Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.");
        String inputText = t.str("Input"), path = t.str("InputPath");
        JsonInput tr = t.struct("InputTransformer");
        int given = (inputText != null ? 1 : 0) + (path != null ? 1 : 0) + (tr != null ? 1 : 0);
        if (given > 1) throw Names.validation("Only one of Input, InputPath, or InputTransformer must be provided.");
        if (inputText != null && !validJson(inputText)) throw Names.validation("Input is not valid JSON text.");
        if (path != null && !Inputs.validPath(path)) throw Names.validation("InputPath is not a valid JSON path: " + path);
        Target.Transformer transformer = null;
        if (tr != null) {
            Map<String, String> paths = tr.stringMap("InputPathsMap");
            if (paths.size() > 100) throw Names.validation("InputPathsMap has more than 100 entries.");
            for (Map.Entry<String, String> e : paths.entrySet()) {
                if (!Inputs.validPath(e.getValue())) throw Names.validation("InputPath for key " + e.getKey() + " is an invalid JSON path.");
                if (e.getKey().startsWith("aws.")) throw Names.validation("Key " + e.getKey() + " is reserved.");
            }
            transformer = new Target.Transformer(paths, tr.required("InputTemplate"));
        }
        JsonInput e = t.struct("EcsParameters");
        if (arn.contains(":ecs:")) {
            if (e == null) throw Names.validation("EcsParameters must be specified for target " + arn + ".");
            if (t.str("RoleArn") == null) throw Names.validation("RoleArn is required for target " + arn + ".");
        }
        Target.Ecs ecs = e == null ? null : TargetWire.ecs(e, Names.tags(e, "Tags"));
        Target.Retry retry = TargetWire.retry(t.struct("RetryPolicy"));
        JsonInput dlq = t.struct("DeadLetterConfig");
        String dlqArn = dlq == null ? null : dlq.str("Arn");
        if (dlqArn != null && !dlqArn.contains(":sqs:")) throw Names.validation("The dead-letter queue must be an SQS queue: " + dlqArn);
        JsonInput sqs = t.struct("SqsParameters");
        return new Target(id, arn, t.str("RoleArn"), inputText, path, transformer, ecs, sqs == null ? null : sqs.str("MessageGroupId"), retry, dlqArn);
    }

    private static boolean validJson(String s) {
        try {
            io.dockyard.protocol.Json.MAPPER.readTree(s);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Object remove(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        Rule rule = names.rule(bus, Names.ruleName(in, "Rule"));
        List<String> ids = in.strings("Ids");
        if (ids.isEmpty()) throw in.constraint("ids", "[]", "Member must have length greater than or equal to 1");
        state.update(bus.name(), rule.name(), r -> r.withTargets(r.targets().stream().filter(t -> !ids.contains(t.id())).toList()));
        return Out.obj().with("FailedEntryCount", 0).with("FailedEntries", List.of());
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Bus bus = names.bus(in, "EventBusName");
        Rule rule = names.rule(bus, Names.ruleName(in, "Rule"));
        List<Object> out = new ArrayList<>();
        for (Target t : rule.targets()) out.add(wire(t));
        return Out.obj().with("Targets", out);
    }

    static Out wire(Target t) {
        Out o = Out.obj().with("Id", t.id()).with("Arn", t.arn()).with("RoleArn", t.roleArn()).with("Input", t.input()).with("InputPath", t.inputPath());
        if (t.transformer() != null) o.with("InputTransformer", Out.obj().with("InputPathsMap", t.transformer().paths()).with("InputTemplate", t.transformer().template()));
        TargetWire.common(o, t);
        if (t.ecs() != null && !t.ecs().tags().isEmpty()) ((Out) o.get("EcsParameters")).with("Tags", Names.wire(t.ecs().tags()));
        return o;
    }

}
