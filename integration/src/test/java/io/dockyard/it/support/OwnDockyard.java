package io.dockyard.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Dockyard of the test class's own, for classes that need settings (arguments, environment) the shared one
 * ({@link DockyardExtension}) lacks, or that kill and restart it: started before the class's first test, reset and
 * stopped after its last. Use with
 * {@code @RegisterExtension static OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").env("NAME", "value");}.
 */
public final class OwnDockyard implements BeforeAllCallback, AfterAllCallback {
    private final String[] args;
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean image;
    private java.util.function.Supplier<String> bind;
    private DockyardProcess process;

    public OwnDockyard(String... args) { this.args = args; }

    public OwnDockyard env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Binds the edge on the address {@code address} gives when the class starts (e.g. the Docker bridge's gateway). */
    public OwnDockyard bind(java.util.function.Supplier<String> address) {
        bind = address;
        return this;
    }

    /** Builds the test image first (classes that run containers). */
    public OwnDockyard withTestImage() {
        image = true;
        return this;
    }

    private boolean reset = true;

    /** No reset after the last test (secure mode refuses it): the class removes what it started itself. */
    public OwnDockyard withoutReset() {
        this.reset = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Polling.install();
        if (image) Docker.ensureTestImage();
        DockyardProcess p = new DockyardProcess(args);
        env.forEach(p::env);
        if (bind != null) p.bind(bind.get());
        process = p.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process == null) return;
        try {
            if (reset) process.reset();
        } finally {
            process.close();
        }
    }

    public DockyardProcess process() { return process; }
    public String endpoint() { return process.endpoint(); }
    /** The AWS CLI at this Dockyard's edge, trusting its CA when the edge serves HTTPS. */
    public AwsCli cli() { return process.cli(); }
}
