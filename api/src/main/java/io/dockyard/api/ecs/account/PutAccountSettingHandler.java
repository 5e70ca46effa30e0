package io.dockyard.api.ecs.account;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.core.model.AccountSetting;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** PutAccountSetting: sets a setting for a principal (the caller, here the root user, when none is named). */
public final class PutAccountSettingHandler extends EcsOperation {
    public PutAccountSettingHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = AccountSettings.name(Doc.str(in, "name"));
        String principal = AccountSettings.principal(Doc.str(in, "principalArn"), ctx.account());
        String value = AccountSettings.value(name, Doc.str(in, "value"), principal, ctx.account());
        AccountSetting s = new AccountSetting(name, value, principal);
        ecs.store().put(Kinds.ACCOUNT_SETTING, s);
        return Out.obj().with("setting", AccountSettings.out(s, "user"));
    }
}
