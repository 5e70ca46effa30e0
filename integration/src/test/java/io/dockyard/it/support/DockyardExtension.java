package io.dockyard.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Dockyard process for the whole integration run (started on first use, stopped at the end),
 * reset before each test. Use with {@code @RegisterExtension static DockyardExtension dockyard = new DockyardExtension();}.
 */
public final class DockyardExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static DockyardProcess shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (DockyardExtension.class) {
            if (shared == null) {
                Docker.ensureTestImage();
                shared = new DockyardProcess().start();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) { shared.reset(); }

    @Override
    public void afterAll(ExtensionContext context) {}

    public DockyardProcess process() { return shared; }
    public String endpoint() { return shared.endpoint(); }
    public AwsCli cli() { return new AwsCli(shared.endpoint()); }
}
