package io.dockyard.registry.ecr;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.PullTimeExclusion;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pull-time update exclusions: IAM users and roles whose pulls leave an image's {@code lastRecordedPullTime} as it was
 * (honoured by the registry's manifest GET, {@link io.dockyard.registry.domain.Registry#recordPull}).
 */
final class PullTimeExclusionOperations {
    static final String PRINCIPAL_ARN = "^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)/[\\w+=,.@-]+(/[\\w+=,.@-]+)*$";
    /** At most this many exclusions (the size of ListPullTimeUpdateExclusions' list). */
    static final int MAX = 100;

    private PullTimeExclusionOperations() {}

    static List<EcrOp> all(Ecr ecr) {
        return List.of(
                new EcrOp("RegisterPullTimeUpdateExclusion", (in, ctx) -> {
                    String arn = principal(in);
                    PullTimeExclusion e = ecr.registry.store().atomically(() -> {
                        if (ecr.registry.store().get(Records.PULL_TIME_EXCLUSION, arn).isPresent()) {
                            throw new AwsException("ExclusionAlreadyExistsException", 400, "The principal '" + arn + "' is already excluded from pull time updates in the registry with id '" + ctx.account() + "'");
                        }
                        if (ecr.registry.store().list(Records.PULL_TIME_EXCLUSION).size() >= MAX) {
                            throw new AwsException("LimitExceededException", 400, "The registry already has " + MAX + " pull time update exclusions.");
                        }
                        PullTimeExclusion n = new PullTimeExclusion(arn, ecr.registry.clock().instant());
                        ecr.registry.store().put(Records.PULL_TIME_EXCLUSION, n);
                        return n;
                    });
                    return Out.obj().with("principalArn", e.principalArn()).with("createdAt", e.createdAt());
                }),
                new EcrOp("DeregisterPullTimeUpdateExclusion", (in, ctx) -> {
                    String arn = principal(in);
                    if (!ecr.registry.store().delete(Records.PULL_TIME_EXCLUSION, arn)) {
                        throw new AwsException("ExclusionNotFoundException", 400, "The principal '" + arn + "' is not excluded from pull time updates in the registry with id '" + ctx.account() + "'");
                    }
                    return Out.obj().with("principalArn", arn);
                }),
                new EcrOp("ListPullTimeUpdateExclusions", (in, ctx) -> list(ecr, in)));
    }

    private static String principal(Map<String, Object> in) {
        String arn = Doc.str(in, "principalArn");
        if (arn == null) throw ReplicationOperations.validation("principalArn", null, "not be null");
        if (arn.length() > 200) throw ReplicationOperations.validation("principalArn", arn, "have length less than or equal to 200");
        if (!arn.matches(PRINCIPAL_ARN)) throw ReplicationOperations.validation("principalArn", arn, "satisfy regular expression pattern: " + PRINCIPAL_ARN);
        return arn;
    }

    private static Object list(Ecr ecr, Map<String, Object> in) {
        Integer max = Doc.integer(in, "maxResults");
        if (max != null && (max < 1 || max > 1000)) throw ReplicationOperations.validation("maxResults", max, "have value less than or equal to 1000 and greater than or equal to 1");
        List<String> arns = ecr.registry.store().list(Records.PULL_TIME_EXCLUSION).stream().map(PullTimeExclusion::principalArn).sorted(Comparator.naturalOrder()).toList();
        Pages<String> page = Pages.of(arns, max, Doc.str(in, "nextToken"), 1000);
        return Out.obj().with("pullTimeUpdateExclusions", page.items()).with("nextToken", page.nextToken());
    }
}
