package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloudWatchAccessTest {
    @Test
    void actionsAreCloudwatchsAndAlarmsTheirArns() {
        RequestContext ctx = new RequestContext("r", "eu-west-1", "AKID", "123456789012");
        CloudWatchAccess cw = new CloudWatchAccess();
        assertThat(cw.service()).isEqualTo("monitoring");
        assertThat(cw.action("PutMetricAlarm")).isEqualTo("cloudwatch:PutMetricAlarm");
        assertThat(cw.resources("DeleteAlarms", Map.of("AlarmNames", List.of("a", "b")), ctx))
                .containsExactly("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:b");
        assertThat(cw.resources("PutMetricData", Map.of("Namespace", "app"), ctx)).isEmpty();
    }
}
