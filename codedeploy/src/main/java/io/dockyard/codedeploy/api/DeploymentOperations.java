package io.dockyard.codedeploy.api;

import io.dockyard.codedeploy.AppSpec;
import io.dockyard.codedeploy.CdKinds;
import io.dockyard.codedeploy.model.Deployment;
import io.dockyard.codedeploy.model.DeploymentGroup;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CreateDeployment (an AppSpec given as AppSpecContent or String), GetDeployment, BatchGetDeployments,
 * ListDeployments, StopDeployment and ContinueDeployment. The deployment itself is run by the
 * {@link io.dockyard.codedeploy.run.DeploymentRunner}; these operations store what was asked.
 */
final class DeploymentOperations {
    private static final Pattern ID = Pattern.compile("d-[A-Z0-9]{9}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Store store;
    private final Clock clock;

    DeploymentOperations(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("CreateDeployment", this::create), NamedOperation.of("GetDeployment", this::get),
                NamedOperation.of("BatchGetDeployments", this::batchGet), NamedOperation.of("ListDeployments", this::list),
                NamedOperation.of("StopDeployment", this::stop), NamedOperation.of("ContinueDeployment", this::resume));
    }

    private static String newId() {
        StringBuilder b = new StringBuilder("d-");
        for (int i = 0; i < 9; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }

    private Deployment find(String id) {
        if (id == null || id.isEmpty()) throw CdErrors.deploymentIdRequired();
        if (!ID.matcher(id).matches()) throw CdErrors.invalidDeploymentId(id);
        return store.get(CdKinds.DEPLOYMENT, id).orElseThrow(() -> CdErrors.deploymentDoesNotExist(id));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        JsonInput revision = in.struct("revision");
        if (revision == null) throw CdErrors.revisionRequired();
        String type = revision.str("revisionType");
        JsonInput content = "AppSpecContent".equals(type) ? revision.struct("appSpecContent") : "String".equals(type) ? revision.struct("string") : null;
        if (content == null) {
            throw CdErrors.invalidRevision("ECS deployments take the AppSpec as revisionType AppSpecContent (or String); S3 and GitHub revisions are not supported.");
        }
        String text = content.str("content");
        AppSpec spec = AppSpec.parse(text);
        String sha = sha256(text);
        if (content.str("sha256") != null && !content.str("sha256").equalsIgnoreCase(sha)) {
            throw CdErrors.invalidRevision("The sha256 of the AppSpec content does not match its content.");
        }
        Deployment d = store.atomically(() -> {
            DeploymentGroup g = DeploymentGroupOperations.find(store, in.str("applicationName"), in.str("deploymentGroupName"));
            String config = in.str("deploymentConfigName") == null ? g.deploymentConfigName() : in.str("deploymentConfigName");
            DeploymentConfigOperations.find(store, config);
            boolean busy = store.list(CdKinds.DEPLOYMENT, x -> x.applicationName().equals(g.applicationName())
                    && x.deploymentGroupName().equals(g.name()) && !x.done()).stream().findAny().isPresent();
            if (busy) throw CdErrors.deploymentLimit(g.name());
            Deployment created = new Deployment(newId(), g.applicationName(), g.name(), config, type, text, sha, spec.taskDefinition(),
                    spec.containerName(), spec.containerPort(), in.str("description"), "Created", "GREEN", clock.instant(), 0,
                    null, null, null, null, null, null, false, clock.instant(), null, null, null);
            store.put(CdKinds.DEPLOYMENT, created);
            store.put(CdKinds.GROUP, g.withLastAttempted(created.id()));
            return created;
        });
        return Out.obj().with("deploymentId", d.id());
    }

    private Out info(Deployment d) {
        return Shapes.deployment(d, store.get(CdKinds.GROUP, d.applicationName() + "|" + d.deploymentGroupName()).orElse(null));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("deploymentInfo", info(find(new JsonInput(input).str("deploymentId"))));
    }

    private Object batchGet(Map<String, Object> input, RequestContext ctx) {
        List<String> ids = new JsonInput(input).strings("deploymentIds");
        if (ids.isEmpty()) throw CdErrors.deploymentIdRequired();
        return Out.obj().with("deploymentsInfo", ids.stream().map(this::find).map(this::info).toList());
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String app = in.str("applicationName");
        String group = in.str("deploymentGroupName");
        if (app != null) ApplicationOperations.find(store, app);
        if (group != null) DeploymentGroupOperations.find(store, app, group);
        List<String> statuses = in.strings("includeOnlyStatuses");
        return Out.obj().with("deployments", store.list(CdKinds.DEPLOYMENT, d -> (app == null || d.applicationName().equals(app))
                        && (group == null || d.deploymentGroupName().equals(group)) && (statuses.isEmpty() || statuses.contains(d.status())))
                .stream().sorted(java.util.Comparator.comparing(Deployment::createTime).reversed()).map(Deployment::id).toList());
    }

    /** StopDeployment: the runner stops it at its next step (rolling back when asked or when the group rolls back automatically). */
    private Object stop(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        Boolean rollback = in.bool("autoRollbackEnabled");
        store.atomically(() -> {
            Deployment d = find(in.str("deploymentId"));
            if (d.done()) throw CdErrors.deploymentAlreadyCompleted(d.id());
            boolean back = rollback != null ? rollback
                    : store.get(CdKinds.GROUP, d.applicationName() + "|" + d.deploymentGroupName()).map(DeploymentGroup::autoRollbackEnabled).orElse(false);
            store.put(CdKinds.DEPLOYMENT, d.withError("DEPLOYMENT_STOPPED", "The deployment was stopped by a user request (StopDeployment).", back)
                    .at(d.status(), back ? "ROLLBACK" : "STOP", clock.instant()));
            return null;
        });
        return Out.obj().with("status", "Pending").with("statusMessage", "Stopping the deployment.");
    }

    /** ContinueDeployment: READY_WAIT shifts traffic now; TERMINATION_WAIT ends the termination wait now. */
    private Object resume(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String wait = in.str("deploymentWaitType") == null ? "READY_WAIT" : in.str("deploymentWaitType");
        if (!List.of("READY_WAIT", "TERMINATION_WAIT").contains(wait)) throw CdErrors.invalidWaitType("deploymentWaitType must be READY_WAIT or TERMINATION_WAIT.");
        store.atomically(() -> {
            Deployment d = find(in.str("deploymentId"));
            if (d.done()) throw CdErrors.deploymentAlreadyCompleted(d.id());
            if ("READY_WAIT".equals(wait)) {
                if (!"Ready".equals(d.status())) throw CdErrors.notReady(d.id());
                store.put(CdKinds.DEPLOYMENT, d.at("InProgress", "SHIFTING", clock.instant()));
            } else {
                if (!"BAKING".equals(d.stage())) throw CdErrors.invalidOperation("The deployment " + d.id() + " is not waiting to terminate the original task set.");
                store.put(CdKinds.DEPLOYMENT, d.at(d.status(), "TERMINATE", clock.instant()));
            }
            return null;
        });
        return Out.obj();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
