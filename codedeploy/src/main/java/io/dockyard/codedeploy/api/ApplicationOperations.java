package io.dockyard.codedeploy.api;

import io.dockyard.codedeploy.CdKinds;
import io.dockyard.codedeploy.model.Application;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CreateApplication, GetApplication, BatchGetApplications, ListApplications and DeleteApplication (with its deployment groups). */
final class ApplicationOperations {
    private static final List<String> PLATFORMS = List.of("Server", "Lambda", "ECS");
    private final Store store;
    private final Clock clock;

    ApplicationOperations(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("CreateApplication", this::create), NamedOperation.of("GetApplication", this::get),
                NamedOperation.of("BatchGetApplications", this::batchGet), NamedOperation.of("ListApplications", this::list),
                NamedOperation.of("DeleteApplication", this::delete));
    }

    /** The application of this name; ApplicationDoesNotExistException otherwise. */
    static Application find(Store store, String name) {
        if (name == null || name.isEmpty()) throw CdErrors.applicationNameRequired();
        return store.get(CdKinds.APPLICATION, name).orElseThrow(() -> CdErrors.applicationDoesNotExist(name));
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) throw CdErrors.applicationNameRequired();
        if (name.length() > 100) throw CdErrors.invalidApplicationName("The application name is too long: at most 100 characters.");
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.str("applicationName");
        checkName(name);
        String platform = in.str("computePlatform") == null ? "Server" : in.str("computePlatform");
        if (!PLATFORMS.contains(platform)) throw CdErrors.invalidComputePlatform("The computePlatform is invalid: " + platform + ". Valid values: Server, Lambda, ECS.");
        List<Application.Tag> tags = new ArrayList<>();
        for (JsonInput t : in.structs("tags")) tags.add(new Application.Tag(t.str("Key"), t.str("Value")));
        Application app = store.atomically(() -> {
            if (store.get(CdKinds.APPLICATION, name).isPresent()) throw CdErrors.applicationAlreadyExists(name);
            Application a = new Application(name, UUID.randomUUID().toString(), platform, clock.instant(), tags);
            store.put(CdKinds.APPLICATION, a);
            return a;
        });
        return Out.obj().with("applicationId", app.id());
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("application", Shapes.application(find(store, new JsonInput(input).str("applicationName"))));
    }

    private Object batchGet(Map<String, Object> input, RequestContext ctx) {
        List<String> names = new JsonInput(input).strings("applicationNames");
        if (names.isEmpty()) throw CdErrors.applicationNameRequired();
        return Out.obj().with("applicationsInfo", names.stream().map(n -> Shapes.application(find(store, n))).toList());
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("applications", store.list(CdKinds.APPLICATION, a -> true).stream().map(Application::name)
                .sorted(Comparator.naturalOrder()).toList());
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = new JsonInput(input).str("applicationName");
        if (name == null || name.isEmpty()) throw CdErrors.applicationNameRequired();
        store.atomically(() -> {
            store.list(CdKinds.GROUP, g -> g.applicationName().equals(name)).forEach(g -> store.delete(CdKinds.GROUP, g.key()));
            store.delete(CdKinds.APPLICATION, name);
            return null;
        });
        return Out.obj();
    }
}
