package io.dockyard.api.ecs.account;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ListAccountSettings: the settings set for a principal (the caller's when none is named), or with
 * {@code effectiveSettings} every setting as it applies to it (its own, the account default or AWS's); filtered by
 * name and value; paged (at most 10 a page by default, as ECS).
 */
public final class ListAccountSettingsHandler extends EcsOperation {
    public ListAccountSettingsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = Doc.str(in, "name");
        if (name != null) AccountSettings.name(name);
        String value = Doc.str(in, "value");
        if (value != null && name == null) throw io.dockyard.core.AwsException.invalidParameter("value can only be given with name.");
        String principal = AccountSettings.principal(Doc.str(in, "principalArn"), ctx.account());
        boolean effective = Boolean.TRUE.equals(Doc.bool(in, "effectiveSettings"));
        Integer max = Doc.integer(in, "maxResults");
        if (max != null && (max < 1 || max > 10)) throw io.dockyard.core.AwsException.invalidParameter("maxResults must be between 1 and 10.");
        List<Out> all = new ArrayList<>();
        for (String n : AccountSettings.names()) {
            if (name != null && !name.equals(n)) continue;
            Out s = effective ? AccountSettings.effective(ecs.store(), ctx.account(), principal, n)
                    : ecs.store().get(Kinds.ACCOUNT_SETTING, principal + "|" + n).map(x -> AccountSettings.out(x, "user")).orElse(null);
            if (s != null && (value == null || value.equals(s.get("value")))) all.add(s);
        }
        var page = Pages.of(all, max, Doc.str(in, "nextToken"), 10);
        return Out.obj().with("settings", page.items()).with("nextToken", page.nextToken());
    }
}
