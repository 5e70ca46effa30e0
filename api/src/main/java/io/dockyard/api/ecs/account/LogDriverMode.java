package io.dockyard.api.ecs.account;

import io.dockyard.core.Doc;
import io.dockyard.core.port.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account setting {@code defaultLogDriverMode} in effect: an {@code awslogs} container whose
 * logConfiguration sets no {@code mode} runs in the account default's mode (blocking or non-blocking),
 * as ECS applies it when it starts the task. The account default (the root user's setting) applies:
 * Dockyard's tasks do not record which principal started them.
 */
public final class LogDriverMode {
    private LogDriverMode() {}

    /** The task definition document as the agent should run it: {@code mode} filled in where the containers leave it out. */
    public static Map<String, Object> apply(Store store, String account, Map<String, Object> document) {
        if (document == null) return null;
        List<Map<String, Object>> containers = Doc.maps(document, "containerDefinitions");
        boolean any = containers.stream().anyMatch(LogDriverMode::lacksMode);
        if (!any) return document;
        String mode = AccountSettings.effectiveValue(store, account, AccountSettings.root(account), "defaultLogDriverMode");
        return withMode(document, mode);
    }

    static boolean lacksMode(Map<String, Object> container) {
        Map<String, Object> log = Doc.map(container, "logConfiguration");
        if (log == null || !"awslogs".equals(Doc.str(log, "logDriver"))) return false;
        Map<String, Object> options = Doc.map(log, "options");
        return options == null || options.get("mode") == null;
    }

    /** A copy of the document with {@code mode} set on every awslogs container that sets none. */
    static Map<String, Object> withMode(Map<String, Object> document, String mode) {
        Map<String, Object> out = new LinkedHashMap<>(document);
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> c : Doc.maps(document, "containerDefinitions")) {
            if (!lacksMode(c)) {
                containers.add(c);
                continue;
            }
            Map<String, Object> log = new LinkedHashMap<>(Doc.map(c, "logConfiguration"));
            Map<String, Object> options = Doc.map(log, "options") == null ? new LinkedHashMap<>() : new LinkedHashMap<>(Doc.map(log, "options"));
            options.put("mode", mode);
            log.put("options", options);
            Map<String, Object> copy = new LinkedHashMap<>(c);
            copy.put("logConfiguration", log);
            containers.add(copy);
        }
        out.put("containerDefinitions", containers);
        return out;
    }
}
