package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Authorization/permissions}: the caller's
 * permissions at the resource group, one entry per role assigned there or above, as the Authorization API's
 * "Permissions - List For Resource Group" returns them ({@code {"value": [{"actions", "notActions", "dataActions",
 * "notDataActions"}]}}). A caller may always read its own permissions.
 */
final class Permissions {
    private final Authorization authorization;

    Permissions(Authorization authorization) {
        this.authorization = authorization;
    }

    Reply list(ArmRequest request) {
        String scope = "/subscriptions/" + request.subscription() + "/resourceGroups/" + request.resourceGroup();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var value = body.putArray("value");
        for (RoleDefinition role : authorization.rolesAt(scope)) {
            ObjectNode permission = value.addObject();
            role.actions().forEach(permission.putArray("actions")::add);
            role.notActions().forEach(permission.putArray("notActions")::add);
            permission.putArray("dataActions");
            permission.putArray("notDataActions");
        }
        return Reply.json(200, body);
    }
}
