package io.dockyard.iam.api;

import io.dockyard.iam.model.AccessKey;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. Without a UserName they act
 * on the caller's keys: an IAM user's, or the account root's (a role session must name the user).
 */
final class KeyOperations {
    /** IAM's quota of access keys per user (and for the root). */
    static final int KEYS_PER_USER = 2;

    private final Directory dir;
    private final Credentials credentials;

    KeyOperations(Directory dir, Credentials credentials) {
        this.dir = dir;
        this.credentials = credentials;
    }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateAccessKey", this::create), NamedOperation.of("ListAccessKeys", this::list),
                NamedOperation.of("UpdateAccessKey", this::update), NamedOperation.of("DeleteAccessKey", this::delete),
                NamedOperation.of("GetAccessKeyLastUsed", this::lastUsed));
    }

    /** Whose keys: the user named (which must exist, spelled as stored), the calling user, or null for the root. */
    private String owner(IamInput in, RequestContext ctx) { return credentials.userNamed(in, ctx, true); }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        AccessKey k = dir.store.atomically(() -> {
            String owner = owner(in, ctx);
            if (dir.keysOf(owner).size() >= KEYS_PER_USER) throw IamErrors.quota("AccessKeysPerUser", KEYS_PER_USER);
            AccessKey created = credentials.newKey(owner);
            dir.store.put(IamKinds.ACCESS_KEY, created);
            return created;
        });
        return Out.obj().with("AccessKey", Out.obj().with("UserName", k.userName()).with("AccessKeyId", k.accessKeyId()).with("Status", k.status())
                .with("SecretAccessKey", credentials.secret(k)).with("CreateDate", k.createDate()));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        return in.page(Out.obj(), "AccessKeyMetadata", dir.keysOf(owner(in, ctx)), Shapes::keyMetadata);
    }

    /** The key, which must belong to the owner the request names (or the caller). */
    private AccessKey key(IamInput in, RequestContext ctx) {
        String id = in.keyId("AccessKeyId");
        String owner = owner(in, ctx);
        AccessKey k = dir.store.get(IamKinds.ACCESS_KEY, id).orElseThrow(() -> IamErrors.noSuchKey(id));
        boolean mine = owner == null ? k.root() : !k.root() && k.userName().equalsIgnoreCase(owner);
        if (!mine) throw IamErrors.noSuchKey(id);
        return k;
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String status = in.required("Status");
        if (!status.equals(AccessKey.ACTIVE) && !status.equals(AccessKey.INACTIVE)) {
            throw IamErrors.constraint("Status", status, "must satisfy enum value set: [Active, Inactive]");
        }
        dir.store.atomically(() -> {
            AccessKey k = key(in, ctx);
            if (!k.status().equals(status)) dir.store.put(IamKinds.ACCESS_KEY, k.withStatus(status));
        });
        return Out.obj();
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        dir.store.atomically(() -> {
            AccessKey k = key(in, ctx);
            dir.store.delete(IamKinds.ACCESS_KEY, k.accessKeyId());
        });
        return Out.obj();
    }

    private Object lastUsed(Map<String, Object> input, RequestContext ctx) {
        String id = new IamInput(input).keyId("AccessKeyId");
        AccessKey k = dir.store.get(IamKinds.ACCESS_KEY, id).orElseThrow(() -> IamErrors.noSuchKey(id));
        Out used = Out.obj().with("LastUsedDate", k.lastUsedDate())
                .with("ServiceName", k.lastUsedService() == null ? "N/A" : k.lastUsedService())
                .with("Region", k.lastUsedRegion() == null ? "N/A" : k.lastUsedRegion());
        return Out.obj().with("UserName", k.userName()).with("AccessKeyLastUsed", used);
    }
}
