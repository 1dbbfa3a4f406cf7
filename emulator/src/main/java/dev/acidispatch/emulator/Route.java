package dev.acidispatch.emulator;

/** The REST operations the emulator serves; requests it cannot route are {@link #UNKNOWN}. */
public enum Route {
    DEPLOYMENT_PUT, DEPLOYMENT_GET, OPERATION_POLL, DEPLOYMENT_DELETE, DEPLOYMENT_CANCEL,
    GROUP_GET, GROUP_LIST, GROUP_DELETE, GROUP_STOP, LOGS, PERMISSIONS_LIST, SITE_GET, USAGES_LIST, UNKNOWN
}
