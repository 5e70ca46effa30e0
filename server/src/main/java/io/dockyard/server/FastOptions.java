package io.dockyard.server;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The start's fast path through {@code up}'s and {@code server}'s options: the same {@link Option} annotations picocli
 * reads, applied to the same objects, without building picocli's model. Building it costs a third of a second on every
 * start (picocli's 160 classes are Java 5 class files, which no class-data archive can hold, and it spins annotation
 * proxies and lambdas for every option). It understands only what a start needs — {@code --name value},
 * {@code --name=value}, boolean flags, lists split on their separator, defaults with {@code ${env:…:-…}} and
 * {@code ${sys:…}} — and answers {@code false} for anything else ({@code --help}, an unknown or repeated option, a value
 * that does not convert), so that picocli parses that command line and gives its usual help or error. {@code
 * FastOptionsTest} holds it to picocli's results.
 */
final class FastOptions {
    private FastOptions() {}

    private static final String NO_DEFAULT = "__no_default_value__";

    /** One declared option: the object holding its field, and the field. */
    private record Target(Object owner, Field field, Option option) {
        boolean isList() { return List.class.isAssignableFrom(field.getType()); }
    }

    /** Fills {@code command}'s option fields from {@code args} and {@code env}; false when picocli must parse instead. */
    static boolean parse(Object command, String[] args, Map<String, String> env) {
        try {
            Map<String, Target> byName = new HashMap<>();
            List<Target> all = new ArrayList<>();
            collect(command, command.getClass(), byName, all);
            Set<Target> given = new HashSet<>();
            Map<Target, List<String>> lists = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i], value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                Target t = byName.get(arg);
                if (t == null) return false;
                boolean list = t.isList();
                if (!given.add(t) && !list) return false; // picocli refuses a repeated single-valued option
                if (t.field().getType() == boolean.class) {
                    if (value != null) return false;
                    t.field().setBoolean(t.owner(), true);
                    continue;
                }
                if (value == null) {
                    if (i + 1 >= args.length || byName.containsKey(args[i + 1])) return false;
                    value = args[++i];
                }
                if (list) lists.computeIfAbsent(t, k -> new ArrayList<>()).addAll(split(t, value));
                else if (!set(t, value)) return false;
            }
            for (Target t : all) {
                if (lists.containsKey(t)) {
                    assign(t, lists.get(t));
                } else if (!given.contains(t) && !NO_DEFAULT.equals(t.option().defaultValue())) {
                    String value = interpolate(t.option().defaultValue(), env);
                    if (value == null) continue;
                    if (t.isList()) assign(t, split(t, value));
                    else if (!set(t, value)) return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static void collect(Object owner, Class<?> type, Map<String, Target> byName, List<Target> all) throws IllegalAccessException {
        if (type == null || type == Object.class) return;
        collect(owner, type.getSuperclass(), byName, all);
        for (Field f : type.getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option != null) {
                f.setAccessible(true);
                Target t = new Target(owner, f, option);
                all.add(t);
                for (String name : option.names()) byName.put(name, t);
            } else if (f.isAnnotationPresent(Mixin.class)) {
                f.setAccessible(true);
                Object mixin = f.get(owner);
                if (mixin == null) throw new IllegalStateException("mixin " + f.getName() + " is not initialised");
                collect(mixin, mixin.getClass(), byName, all);
            }
        }
    }

    private static List<String> split(Target t, String value) {
        if (!(t.field().getGenericType() instanceof ParameterizedType p) || p.getActualTypeArguments()[0] != String.class) {
            throw new IllegalStateException("only lists of strings");
        }
        String separator = t.option().split();
        return separator.isEmpty() ? List.of(value) : List.of(value.split(separator, -1));
    }

    @SuppressWarnings("unchecked")
    private static void assign(Target t, List<String> values) throws IllegalAccessException {
        List<String> list = (List<String>) t.field().get(t.owner());
        if (list == null) {
            list = new ArrayList<>();
            t.field().set(t.owner(), list);
        }
        list.clear();
        list.addAll(values);
    }

    /** Converts {@code value} as picocli's built-in converters do; false when it would refuse it. */
    private static boolean set(Target t, String value) throws IllegalAccessException {
        Class<?> type = t.field().getType();
        Object owner = t.owner();
        Field f = t.field();
        if (type == String.class) f.set(owner, value);
        else if (type == int.class) f.setInt(owner, Integer.parseInt(value));
        else if (type == double.class) f.setDouble(owner, Double.parseDouble(value));
        else if (type == Path.class) f.set(owner, Path.of(value));
        else if (type == boolean.class) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) return false;
            f.setBoolean(owner, Boolean.parseBoolean(value));
        } else {
            return false;
        }
        return true;
    }

    /**
     * A default value with its variables resolved as picocli does: {@code ${env:NAME}} and {@code ${sys:NAME}}, each with
     * an optional {@code :-fallback} (itself interpolated) used when the variable is not set (an empty one is used as it
     * is); null when a variable without a fallback is not set.
     */
    static String interpolate(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int depth = 1, j = start + 2;
            while (j < text.length() && depth > 0) {
                if (text.startsWith("${", j)) {
                    depth++;
                    j += 2;
                } else {
                    if (text.charAt(j) == '}') depth--;
                    j++;
                }
            }
            if (depth != 0) throw new IllegalArgumentException("unbalanced ${ in " + text);
            String body = text.substring(start + 2, j - 1);
            int colon = body.indexOf(":-");
            String key = colon < 0 ? body : body.substring(0, colon);
            String value;
            if (key.startsWith("env:")) value = env.get(key.substring(4));
            else if (key.startsWith("sys:")) value = System.getProperty(key.substring(4));
            else throw new IllegalArgumentException("not a variable picocli's fast path knows: " + key);
            if (value == null && colon >= 0) value = interpolate(body.substring(colon + 2), env);
            if (value == null) return null;
            out.append(value);
            i = j;
        }
        return out.toString();
    }
}
