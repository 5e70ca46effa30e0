package io.dockyard.it.services;

import io.dockyard.it.support.Sdk;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a linear or canary deployment does to production traffic, seen from outside: a bounded
 * request loop through the load balancer (every answer's body and when it came) and the production
 * listener rule's split as DescribeRules (SDK v2) shows it, sampled every 50 ms.
 */
final class TrafficWatch implements AutoCloseable {
    /** One answer of the request loop. */
    record Answer(long nanos, String body) {}

    /** Green's share of the rule's forward weights from {@code nanos} on. */
    record Split(long nanos, double green) {}

    /** Answers served while one split held: how many came from blue and from green. */
    record Served(double green, int blue, int greenCount) {
        double greenShare() { return blue + greenCount == 0 ? 0 : greenCount / (double) (blue + greenCount); }
    }

    private static final long MARGIN = Duration.ofMillis(150).toNanos();

    private final List<Answer> answers = new ArrayList<>();
    private final List<Split> splits = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread requests;
    private final Thread rules;

    /** Starts both loops; each ends by itself after {@code max}. */
    TrafficWatch(String endpoint, int port, String ruleArn, String greenGroup, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        requests = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 40_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                String body = TrafficFixtures.get(port);
                synchronized (answers) { answers.add(new Answer(System.nanoTime(), body)); }
                pause(3);
            }
        });
        rules = Thread.ofVirtual().start(() -> {
            try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().endpointOverride(URI.create(endpoint))
                    .region(Region.US_EAST_1).credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
                while (!stop.get() && System.nanoTime() < deadline) {
                    List<TargetGroupTuple> tuples = elb.describeRules(r -> r.ruleArns(ruleArn)).rules().get(0).actions().get(0).forwardConfig().targetGroups();
                    int total = tuples.stream().mapToInt(TargetGroupTuple::weight).sum();
                    int green = tuples.stream().filter(t -> t.targetGroupArn().equals(greenGroup)).mapToInt(TargetGroupTuple::weight).sum();
                    double share = total == 0 ? 0 : green / (double) total;
                    synchronized (splits) {
                        if (splits.isEmpty() || splits.getLast().green() != share) splits.add(new Split(System.nanoTime(), share));
                    }
                    pause(50);
                }
            }
        });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Answer> answers() { synchronized (answers) { return List.copyOf(answers); } }

    /** The distinct splits seen so far, in order. */
    List<Split> splits() { synchronized (splits) { return List.copyOf(splits); } }

    /** Green's share now (-1 before the first sample). */
    double green() {
        List<Split> s = splits();
        return s.isEmpty() ? -1 : s.getLast().green();
    }

    /** Answers that are neither of the two bodies (errors, 5xx, 404). */
    List<Answer> failures(String blueBody, String greenBody) {
        return answers().stream().filter(a -> !a.body().equals(blueBody) && !a.body().equals(greenBody)).toList();
    }

    /** For each split that held until the next one: who served the answers that came while it held (150 ms off each end). */
    List<Served> served(String blueBody, String greenBody) {
        List<Split> s = splits();
        List<Answer> all = answers();
        List<Served> out = new ArrayList<>();
        for (int i = 0; i + 1 < s.size(); i++) {
            long from = s.get(i).nanos() + MARGIN, to = s.get(i + 1).nanos() - MARGIN;
            int blue = 0, green = 0;
            for (Answer a : all) {
                if (a.nanos() < from || a.nanos() > to) continue;
                if (a.body().equals(blueBody)) blue++;
                if (a.body().equals(greenBody)) green++;
            }
            out.add(new Served(s.get(i).green(), blue, green));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        requests.join();
        rules.join();
    }
}
