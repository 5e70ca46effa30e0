package io.dockyard.api.ecs.account;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.core.model.AccountSetting;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** PutAccountSettingDefault: sets the account default of a setting (the root user's setting). */
public final class PutAccountSettingDefaultHandler extends EcsOperation {
    public PutAccountSettingDefaultHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = AccountSettings.name(Doc.str(in, "name"));
        String root = AccountSettings.root(ctx.account());
        AccountSetting s = new AccountSetting(name, AccountSettings.value(name, Doc.str(in, "value"), root, ctx.account()), root);
        ecs.store().put(Kinds.ACCOUNT_SETTING, s);
        return Out.obj().with("setting", AccountSettings.out(s, "user"));
    }
}
