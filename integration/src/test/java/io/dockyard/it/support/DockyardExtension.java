package io.dockyard.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Dockyard process per test thread for the whole integration run (started on first use, stopped at
 * the end), reset before each test. The IT classes run two at a time (junit-platform.properties), each
 * class on one thread: the classes of a thread share its Dockyard, and a reset never hits a class that
 * runs beside it. Use with {@code @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();}.
 */
public final class DockyardExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final ThreadLocal<DockyardProcess> SHARED = new ThreadLocal<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        Polling.install();
        if (SHARED.get() == null) {
            Docker.ensureTestImage();
            DockyardProcess p = new DockyardProcess().start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::close));
            SHARED.set(p);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) { shared().reset(); }

    @Override
    public void afterAll(ExtensionContext context) {}

    private static DockyardProcess shared() {
        DockyardProcess p = SHARED.get();
        if (p == null) throw new IllegalStateException("no Dockyard on this thread: DockyardExtension.beforeAll has not run here");
        return p;
    }

    public DockyardProcess process() { return shared(); }
    public String endpoint() { return shared().endpoint(); }
    public AwsCli cli() { return new AwsCli(shared().endpoint()); }
}
