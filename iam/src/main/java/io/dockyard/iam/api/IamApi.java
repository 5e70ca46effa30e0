package io.dockyard.iam.api;

import io.dockyard.protocol.Operation;
import io.dockyard.protocol.QueryService;

import java.util.ArrayList;
import java.util.List;

/** The IAM (2010-05-08) and STS (2011-06-15) Query services with every supported operation. */
public final class IamApi {
    public static final String IAM_SIGNING_NAME = "iam", IAM_VERSION = "2010-05-08", IAM_XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";
    public static final String STS_SIGNING_NAME = "sts", STS_VERSION = "2011-06-15", STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private IamApi() {}

    public static QueryService iam(Directory dir, Credentials credentials) {
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new UserOperations(dir, credentials).all());
        ops.addAll(new GroupOperations(dir).all());
        ops.addAll(new KeyOperations(dir, credentials).all());
        ops.addAll(new LoginProfiles(dir, credentials).all());
        ops.addAll(new RoleOperations(dir).all());
        ops.addAll(new InlinePolicies(dir).all());
        ops.addAll(new PolicyOperations(dir).all());
        ops.addAll(new AttachmentOperations(dir).all());
        ops.addAll(new TagOperations(dir).all());
        ops.addAll(new AccountOperations(dir, credentials).all());
        return QueryService.of(IAM_SIGNING_NAME, IAM_VERSION, IAM_XMLNS, ops);
    }

    public static QueryService sts(StsOperations sts) {
        return QueryService.of(STS_SIGNING_NAME, STS_VERSION, STS_XMLNS, sts.all());
    }
}
