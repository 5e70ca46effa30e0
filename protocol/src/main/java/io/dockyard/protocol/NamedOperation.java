package io.dockyard.protocol;

import java.util.Map;

/** An operation given by its name and a function, for services that list their handlers as method references. */
public record NamedOperation(String name, Body body) implements Operation {

    /** What the operation does with its input. */
    @FunctionalInterface
    public interface Body {
        Object handle(Map<String, Object> input, RequestContext ctx);
    }

    public static NamedOperation of(String name, Body body) { return new NamedOperation(name, body); }

    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) { return body.handle(input, ctx); }
}
