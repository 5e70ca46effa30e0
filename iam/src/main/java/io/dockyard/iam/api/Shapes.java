package io.dockyard.iam.api;

import io.dockyard.iam.model.AccessKey;
import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.ManagedPolicy;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.User;
import io.dockyard.protocol.Out;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * IAM's response structures as {@link Out} maps, members in the model's order, so the Query XML comes out as IAM's.
 * Policy documents are answered URL-encoded (RFC 3986), as IAM answers them.
 */
final class Shapes {
    private Shapes() {}

    /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - . _ ~}. */
    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    static List<Out> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Out.obj().with("Key", e.getKey()).with("Value", e.getValue())).toList();
    }

    /** A User; {@code full} (GetUser, CreateUser) adds its tags. */
    static Out user(User u, boolean full) {
        Out o = Out.obj().with("Path", u.path()).with("UserName", u.name()).with("UserId", u.userId()).with("Arn", u.arn()).with("CreateDate", u.createDate());
        if (full) o.withNonEmpty("Tags", tags(u.tags()));
        return o;
    }

    static Out group(Group g) {
        return Out.obj().with("Path", g.path()).with("GroupName", g.name()).with("GroupId", g.groupId()).with("Arn", g.arn()).with("CreateDate", g.createDate());
    }

    /** A Role; {@code full} (GetRole, CreateRole) adds its tags and RoleLastUsed, as IAM's ListRoles leaves them out. */
    static Out role(Role r, boolean full) {
        Out o = Out.obj().with("Path", r.path()).with("RoleName", r.name()).with("RoleId", r.roleId()).with("Arn", r.arn()).with("CreateDate", r.createDate())
                .with("AssumeRolePolicyDocument", urlEncode(r.assumeRolePolicyDocument()))
                .with("Description", r.description() == null || r.description().isEmpty() ? null : r.description())
                .with("MaxSessionDuration", r.maxSessionDuration());
        if (full) {
            o.withNonEmpty("Tags", tags(r.tags()));
            o.with("RoleLastUsed", Out.obj().with("LastUsedDate", r.lastUsedDate()).with("Region", r.lastUsedRegion()));
        }
        return o;
    }

    /** A Policy; {@code full} (GetPolicy, CreatePolicy) adds the description and tags, which ListPolicies leaves out. */
    static Out policy(ManagedPolicy p, int attachments, boolean full) {
        Out o = Out.obj().with("PolicyName", p.name()).with("PolicyId", p.policyId()).with("Arn", p.arn()).with("Path", p.path())
                .with("DefaultVersionId", p.defaultVersionId()).with("AttachmentCount", attachments).with("PermissionsBoundaryUsageCount", 0)
                .with("IsAttachable", true);
        if (full) o.with("Description", p.description() == null || p.description().isEmpty() ? null : p.description());
        o.with("CreateDate", p.createDate()).with("UpdateDate", p.updateDate());
        if (full) o.withNonEmpty("Tags", tags(p.tags()));
        return o;
    }

    /** A PolicyVersion; the document only when {@code withDocument} (GetPolicyVersion). */
    static Out version(ManagedPolicy p, ManagedPolicy.Version v, boolean withDocument) {
        return Out.obj().with("Document", withDocument ? urlEncode(v.document()) : null).with("VersionId", v.versionId())
                .with("IsDefaultVersion", v.versionId().equals(p.defaultVersionId())).with("CreateDate", v.createDate());
    }

    static Out keyMetadata(AccessKey k) {
        return Out.obj().with("UserName", k.userName()).with("AccessKeyId", k.accessKeyId()).with("Status", k.status()).with("CreateDate", k.createDate());
    }

    static Out attached(ManagedPolicy p) { return Out.obj().with("PolicyName", p.name()).with("PolicyArn", p.arn()); }
}
