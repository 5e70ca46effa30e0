package io.dockyard.iam.gate;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.AuditLog;
import io.dockyard.iam.Iam;
import io.dockyard.iam.model.Principal;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.RequestContext;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's password sign-in: the user's own caller (same principal, same policies), refusals alike, the audit trail. */
class SecureGateSignInTest {
    static final String ACCOUNT = "000000000000", ROOT = "AKIAIOSFODNN7EXAMPLE", PASSWORD = "Harbour-Crane-7";

    final Iam iam = Iam.start(new CachedStore(new MemoryJournal()), MasterKey.of(new byte[32]), Clock.systemUTC(), ACCOUNT);
    final List<AuditLog.Event> events = new ArrayList<>();
    final SecureGate gate = new SecureGate(iam, Clock.systemUTC(), io.dockyard.protocol.access.AccessMappings.of(
            io.dockyard.protocol.access.AccessMapping.unscoped("ecs"), new io.dockyard.iam.api.IamAccess()), (s, a) -> null,
            SecureGate.AgentKey.derive(MasterKey.of(new byte[32])), events::add);

    private Object iamCall(String key, String form) {
        Map<String, Object> in = QueryForm.parse(form);
        return iam.iam().operations().get((String) in.get("Action")).handle(in, new RequestContext("rid", "us-east-1", key, ACCOUNT));
    }

    @Test
    void aPasswordCallerIsTheUserUnderItsPolicies() {
        iamCall(ROOT, "Action=CreateUser&UserName=ana");
        iamCall(ROOT, "Action=CreateLoginProfile&UserName=ana&Password=" + PASSWORD);
        iamCall(ROOT, "Action=PutUserPolicy&UserName=ana&PolicyName=read&PolicyDocument="
                + java.net.URLEncoder.encode("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"ecs:List*\",\"iam:ChangePassword\"],"
                + "\"Resource\":[\"*\"]}]}", java.nio.charset.StandardCharsets.UTF_8));

        Gate.Caller c = gate.signIn(null, "ana", PASSWORD, "127.0.0.1");
        assertThat(((Principal) c.principal()).arn()).isEqualTo("arn:aws:iam::000000000000:user/ana");
        assertThat(c.accessKeyId()).startsWith("ASIA");
        assertThat(gate.signIn(ACCOUNT, "ana", PASSWORD, null).principal()).isEqualTo(c.principal());
        RequestContext ctx = new RequestContext("rid", "us-east-1", c.accessKeyId(), ACCOUNT);
        gate.authorize(c, "ecs", "ListClusters", Map.of(), ctx, false);
        assertThatThrownBy(() -> gate.authorize(c, "ecs", "CreateCluster", Map.of("clusterName", "x"), ctx, false))
                .isInstanceOf(AwsException.class).hasMessageContaining("user/ana is not authorized to perform: ecs:CreateCluster");
        // a service that brought no access mapping is refused whatever the policies say (fail closed)
        assertThatThrownBy(() -> gate.authorize(c, "acm", "ListCertificates", Map.of(), ctx, false)).isInstanceOf(AwsException.class)
                .hasMessageContaining("no access mapping is registered for the service acm")
                .satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("AccessDeniedException"));
        // ChangePassword names no user: authorized on the caller's own ARN, and the operation sees the same user
        gate.authorize(c, "iam", "ChangePassword", Map.of(), ctx, true);
        assertThat(events.getLast().resources()).containsExactly("arn:aws:iam::000000000000:user/ana");
        iamCall(c.accessKeyId(), "Action=ChangePassword&OldPassword=" + PASSWORD + "&NewPassword=Brand-New-9");
        assertThat(gate.signIn("", "ana", "Brand-New-9", null).principal()).isEqualTo(c.principal());

        AwsException wrongAccount = catchRefusal(() -> gate.signIn("111111111111", "ana", "Brand-New-9", null));
        AwsException wrongPassword = catchRefusal(() -> gate.signIn(null, "ana", PASSWORD, null));
        AwsException noUser = catchRefusal(() -> gate.signIn(null, "nobody", "Brand-New-9", null));
        for (AwsException e : List.of(wrongAccount, wrongPassword, noUser)) {
            assertThat(e.code()).isEqualTo(noUser.code());
            assertThat(e.getMessage()).isEqualTo(noUser.getMessage());
        }
        List<AuditLog.Event> logins = events.stream().filter(e -> e.eventName().equals("ConsoleLogin")).toList();
        assertThat(logins).extracting(AuditLog.Event::userName).containsExactly("ana", "ana", "ana", "HIDDEN_DUE_TO_SECURITY_REASONS",
                "HIDDEN_DUE_TO_SECURITY_REASONS", "HIDDEN_DUE_TO_SECURITY_REASONS");
        assertThat(logins.getFirst().eventSource()).isEqualTo("signin.amazonaws.com");
        assertThat(logins.getLast().errorCode()).isEqualTo("SignInFailed");
        assertThatThrownBy(() -> Gate.LOCAL.signIn(null, "ana", PASSWORD, null)).isInstanceOf(AwsException.class);
    }

    private static AwsException catchRefusal(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }
}
