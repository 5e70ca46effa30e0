package io.dockyard.secrets.ssm;

import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * GetParameterHistory (oldest version first), LabelParameterVersion and UnlabelParameterVersion. A label names one
 * version of a parameter: attaching it to a version moves it from the version that had it. A label that breaks the
 * naming rules is answered in InvalidLabels and the others are attached.
 */
final class HistoryOperations {
    static final int MAX_LABELS = 10;
    private final ParameterBook book;

    HistoryOperations(ParameterBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("GetParameterHistory", this::history), NamedOperation.of("LabelParameterVersion", this::label),
                NamedOperation.of("UnlabelParameterVersion", this::unlabel));
    }

    private Object history(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Parameter p = book.find(Wire.required(in, "Name"));
        boolean decrypt = Wire.flag(in, "WithDecryption");
        Pages<Parameter.Version> page = Wire.page(p.versions(), in, 50, 50);
        List<Object> out = new ArrayList<>();
        for (Parameter.Version v : page.items()) out.add(Wire.history(book, p, v, decrypt, ctx));
        return Out.obj().with("Parameters", out).with("NextToken", page.nextToken());
    }

    /** The Labels member: 1..10 labels of 1..100 characters, duplicates dropped. */
    private static List<String> labels(JsonInput in) {
        List<String> labels = Wire.list(in, "Labels", 1, MAX_LABELS);
        for (String l : labels) {
            if (l.isEmpty() || l.length() > Names.MAX_LABEL) {
                throw Errors.constraint("labels", labels, "Member must satisfy constraint: [Member must have length less than or equal to 100,"
                        + " Member must have length greater than or equal to 1]");
            }
        }
        return List.copyOf(new LinkedHashSet<>(labels));
    }

    private Object label(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = Wire.required(in, "Name");
        Long number = Wire.version(in, "ParameterVersion");
        List<String> labels = labels(in);
        return book.store().atomically(() -> {
            Parameter p = book.find(name);
            Parameter.Version v = number == null ? p.latest() : p.version(number);
            if (v == null) throw Errors.versionNotFound(String.valueOf(number), p.name());
            List<String> valid = labels.stream().filter(Names::validLabel).toList();
            List<String> invalid = labels.stream().filter(l -> !Names.validLabel(l)).toList();
            long total = new LinkedHashSet<>(concat(v.labels(), valid)).size();
            if (total > MAX_LABELS) throw Errors.labelLimit();
            if (!valid.isEmpty()) book.put(p.relabel(v.number(), valid, true));
            return Out.obj().with("InvalidLabels", invalid).with("ParameterVersion", v.number());
        });
    }

    private Object unlabel(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = Wire.required(in, "Name");
        Long number = Wire.version(in, "ParameterVersion");
        if (number == null) throw Errors.constraint("parameterVersion", null, "Member must not be null");
        List<String> labels = labels(in);
        return book.store().atomically(() -> {
            Parameter p = book.find(name);
            Parameter.Version v = p.version(number);
            if (v == null) throw Errors.versionNotFound(String.valueOf(number), p.name());
            List<String> removed = labels.stream().filter(v.labels()::contains).toList();
            List<String> invalid = labels.stream().filter(l -> !v.labels().contains(l)).toList();
            if (!removed.isEmpty()) book.put(p.relabel(v.number(), removed, false));
            return Out.obj().with("RemovedLabels", removed).with("InvalidLabels", invalid);
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
