package dev.acidispatch.emulator;

/** The REST operations the emulator serves; requests it cannot route are {@link #UNKNOWN}. */
public enum Route {
    DEPLOYMENT_PUT, DEPLOYMENT_GET, OPERATION_POLL, DEPLOYMENT_DELETE,
    GROUP_GET, GROUP_LIST, GROUP_DELETE, GROUP_STOP, LOGS, SITE_GET, SITE_LIST_KEYS, PERMISSIONS_LIST, USAGES_LIST,
    UNKNOWN
}
