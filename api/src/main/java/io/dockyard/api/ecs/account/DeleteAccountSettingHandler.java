package io.dockyard.api.ecs.account;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.core.model.AccountSetting;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/**
 * DeleteAccountSetting: removes a principal's own setting (the root user's: the account default), so the principal
 * falls back to the default; answers the setting that was removed, or the one in effect when none was set.
 */
public final class DeleteAccountSettingHandler extends EcsOperation {
    public DeleteAccountSettingHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = AccountSettings.name(Doc.str(in, "name"));
        String principal = AccountSettings.principal(Doc.str(in, "principalArn"), ctx.account());
        Out removed = ecs.store().atomically(() -> {
            var own = ecs.store().get(Kinds.ACCOUNT_SETTING, principal + "|" + name);
            if (own.isEmpty()) return AccountSettings.effective(ecs.store(), ctx.account(), principal, name);
            AccountSetting s = own.get();
            ecs.store().delete(Kinds.ACCOUNT_SETTING, principal + "|" + name);
            return AccountSettings.out(s, "user");
        });
        return Out.obj().with("setting", removed);
    }
}
