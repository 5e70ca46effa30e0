package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.loadbalancer.ElbArns;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.Rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/** CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities. The default rule is the listener's default actions. */
public final class RuleOperations {
    private final Elbv2 elb;

    public RuleOperations(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateRule", this::create), NamedOperation.of("DescribeRules", this::describe),
                NamedOperation.of("ModifyRule", this::modify), NamedOperation.of("DeleteRule", this::delete),
                NamedOperation.of("SetRulePriorities", this::setPriorities));
    }

    /** A listener's rules by priority. */
    public static List<Rule> rulesOf(Elbv2 elb, String listenerArn) {
        List<Rule> rules = new ArrayList<>(elb.store().list(LbKinds.RULE, r -> r.listenerArn().equals(listenerArn)));
        rules.sort(Comparator.comparingInt(Rule::priority));
        return rules;
    }

    private Optional<Listener> defaultRuleOwner(String ruleArn) {
        return elb.store().list(LbKinds.LISTENER, l -> l.defaultRuleArn().equals(ruleArn)).stream().findFirst();
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        Listener l = elb.listener(required(in, "ListenerArn"));
        if (l.protocol().equals("TCP")) throw ElbErrors.unsupportedProtocol("Rules are not supported on TCP listeners");
        Integer priority = integer(in, "Priority", 1, 50000);
        if (priority == null) throw ElbErrors.validation("1 validation error detected: Value null at 'priority' failed to satisfy constraint: Member must not be null");
        var conditions = Conditions.normalize(maps(in, "Conditions"));
        var actions = Actions.normalize(elb, maps(in, "Actions"), l.protocol());
        var tags = TagOperations.parse(in);
        Rule rule = elb.store().atomically(() -> {
            List<Rule> existing = rulesOf(elb, l.arn());
            if (existing.stream().anyMatch(r -> r.priority() == priority)) throw ElbErrors.priorityInUse(priority);
            if (existing.size() >= 100) throw new io.dockyard.core.AwsException("TooManyRules", 400, "A listener can have at most 100 rules");
            Rule r = new Rule(ElbArns.rule(l.arn(), ElbArns.newId()), l.arn(), priority, conditions, actions);
            elb.store().put(LbKinds.RULE, r);
            TagOperations.store(elb, r.arn(), tags);
            return r;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Rules", List.of(Shapes.rule(rule)));
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        String listenerArn = str(in, "ListenerArn");
        List<String> arns = strings(in, "RuleArns");
        if (listenerArn != null && !arns.isEmpty()) throw ElbErrors.validation("Rule ARNs and a listener ARN cannot be specified at the same time");
        if (listenerArn == null && arns.isEmpty()) throw ElbErrors.validation("You must specify either listener ARNs or rule ARNs");
        List<Out> out = new ArrayList<>();
        if (listenerArn != null) {
            Listener l = elb.listener(listenerArn);
            rulesOf(elb, l.arn()).forEach(r -> out.add(Shapes.rule(r)));
            out.add(Shapes.defaultRule(l));
        } else {
            for (String a : arns) {
                Optional<Listener> owner = defaultRuleOwner(a);
                out.add(owner.isPresent() ? Shapes.defaultRule(owner.get()) : Shapes.rule(elb.rule(a)));
            }
        }
        var page = Shapes.page(out, str(in, "Marker"), integer(in, "PageSize", 1, 400));
        return Out.obj().with("Rules", page.items()).with("NextMarker", page.nextToken());
    }

    private Object modify(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "RuleArn");
        Out result = elb.store().atomically(() -> {
            Optional<Listener> owner = defaultRuleOwner(arn);
            if (owner.isPresent()) {
                Listener l = owner.get();
                if (!maps(in, "Conditions").isEmpty()) throw ElbErrors.operationNotPermitted("Conditions cannot be specified for the default rule");
                if (maps(in, "Actions").isEmpty()) return Shapes.defaultRule(l);
                Listener c = l.with(l.protocol(), l.port(), Actions.normalize(elb, maps(in, "Actions"), l.protocol()));
                elb.store().put(LbKinds.LISTENER, c);
                return Shapes.defaultRule(c);
            }
            Rule r = elb.rule(arn);
            Listener l = elb.listener(r.listenerArn());
            var conditions = maps(in, "Conditions").isEmpty() ? r.conditions() : Conditions.normalize(maps(in, "Conditions"));
            var actions = maps(in, "Actions").isEmpty() ? r.actions() : Actions.normalize(elb, maps(in, "Actions"), l.protocol());
            Rule c = r.with(conditions, actions);
            elb.store().put(LbKinds.RULE, c);
            return Shapes.rule(c);
        });
        elb.dataPlane().changed();
        return Out.obj().with("Rules", List.of(result));
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "RuleArn");
        if (defaultRuleOwner(arn).isPresent()) throw ElbErrors.operationNotPermitted("Default rule '" + arn + "' cannot be deleted");
        elb.store().atomically(() -> {
            elb.rule(arn);
            elb.store().delete(LbKinds.RULE, arn);
            elb.store().delete(LbKinds.TAGS, arn);
        });
        elb.dataPlane().changed();
        return Out.obj();
    }

    private Object setPriorities(Map<String, Object> in, RequestContext ctx) {
        List<Map<String, Object>> pairs = maps(in, "RulePriorities");
        if (pairs.isEmpty()) throw ElbErrors.validation("1 validation error detected: Value null at 'rulePriorities' failed to satisfy constraint: Member must not be null");
        List<Rule> changed = elb.store().atomically(() -> {
            Map<String, Integer> wanted = new HashMap<>();
            for (Map<String, Object> p : pairs) {
                String arn = str(p, "RuleArn");
                Integer priority = integer(p, "Priority", 1, 50000);
                if (arn == null || priority == null) throw ElbErrors.validation("Each rule priority pair needs a rule ARN and a priority");
                if (defaultRuleOwner(arn).isPresent()) throw ElbErrors.operationNotPermitted("The priority of the default rule cannot be changed");
                elb.rule(arn);
                wanted.put(arn, priority);
            }
            List<Rule> out = new ArrayList<>();
            for (var e : wanted.entrySet()) out.add(elb.rule(e.getKey()).withPriority(e.getValue()));
            for (Rule r : out) {
                List<Rule> after = new ArrayList<>(rulesOf(elb, r.listenerArn()).stream().filter(x -> !wanted.containsKey(x.arn())).toList());
                after.addAll(out.stream().filter(x -> x.listenerArn().equals(r.listenerArn())).toList());
                if (after.stream().filter(x -> x.priority() == r.priority()).count() > 1) throw ElbErrors.priorityInUse(r.priority());
            }
            out.forEach(r -> elb.store().put(LbKinds.RULE, r));
            out.sort(Comparator.comparingInt(Rule::priority));
            return out;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Rules", changed.stream().map(Shapes::rule).toList());
    }
}
