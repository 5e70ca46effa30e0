package io.dockyard.sqs.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQS's IAM actions ({@code sqs:<Operation>}) on the JSON and Query protocols, and the queue a call names: QueueUrl, else QueueName. */
public final class SqsAccess implements AccessMapping {
    @Override
    public String service() { return SqsApi.SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String prefix = "arn:aws:sqs:" + ctx.region() + ":" + ctx.account() + ":";
        if (in.get("QueueUrl") instanceof String u) out.add(prefix + u.substring(u.lastIndexOf('/') + 1));
        else if (in.get("QueueName") instanceof String n) out.add(prefix + n);
        return out;
    }
}
