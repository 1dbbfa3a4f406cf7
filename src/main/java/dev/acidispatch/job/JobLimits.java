package dev.acidispatch.job;

import dev.acidispatch.config.Settings;

import java.util.List;

/**
 * The fixed bounds of job-message contract v1. The validator enforces them and the published JSON Schema
 * ({@code schema/job-message.v1.json}) states them; a test keeps the two in agreement. Bounds that depend on
 * settings (max cpu, memory, timeout, allowed resource groups, known templates) live in {@link JobDefaults}.
 */
public final class JobLimits {
    /** Azure Storage queue messages are at most 64 KiB. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    public static final String JOB_ID_PATTERN = "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$";
    public static final int MAX_JOB_ID_LENGTH = 40;

    public static final int MAX_IMAGE_LENGTH = 512;
    /**
     * Docker image reference: optional registry host (with port), lowercase repository path, optional tag, optional
     * digest. Written without look-arounds or flags so the JSON Schema can carry it verbatim.
     */
    public static final String IMAGE_PATTERN = "^"
            + "(([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(\\.([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*(:[0-9]{1,5})?/)?"
            + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*"
            + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";

    public static final int MAX_COMMAND_ITEMS = 256;
    public static final int MAX_COMMAND_ITEM_LENGTH = 16_384;

    /** cpu in hundredths of a core, memory in tenths of a GB (see {@link Settings#CPU_STEP}). */
    public static final double CPU_STEP = Settings.CPU_STEP;
    public static final double MEMORY_STEP_GB = Settings.MEMORY_STEP_GB;
    /**
     * ACI's hard maximum per standard container group (see {@link Settings#ACI_MAX_CPU}); Settings refuses larger
     * maxima, and the configured maximum is usually lower.
     */
    public static final double CPU_CEILING = Settings.ACI_MAX_CPU;
    public static final double MEMORY_CEILING_GB = Settings.ACI_MAX_MEMORY_GB;
    /**
     * Spot container groups get at most 4 vCPU and 16 GB ("Spot Container Resources (Preview)" in ACI's "Resource
     * availability &amp; quota limits", page dated 2025-11-17, {@value Settings#ACI_LIMITS_SOURCE}).
     */
    public static final double SPOT_MAX_CPU = 4;
    public static final double SPOT_MAX_MEMORY_GB = 16;

    /**
     * Fields contract v1 still knows but always refuses, because ACI no longer offers what they ask for. Known, so a
     * message carrying one is told why instead of "unknown field".
     */
    public static final List<String> RETIRED_FIELDS = List.of("gpu");
    /** ACI retired its GPU SKUs (K80, P100, V100) on this day (container-instances-gpu docs; PrefectHQ/prefect#22674). */
    public static final String GPU_RETIRED_ON = "2025-07-14";
    /** Where GPU container jobs run on Azure now: Container Apps, on a Consumption GPU (serverless) workload profile. */
    public static final String GPU_ALTERNATIVE = "https://learn.microsoft.com/azure/container-apps/gpu-serverless-overview";
    public static final String GPU_RETIRED = "no longer available: Azure Container Instances retired its GPU SKUs (K80, "
            + "P100, V100) on " + GPU_RETIRED_ON + "; remove gpu to run on CPU, or run GPU jobs on Azure Container Apps "
            + "with a serverless GPU workload profile (" + GPU_ALTERNATIVE + ")";

    public static final String ENV_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";
    public static final int MAX_ENV_NAME_LENGTH = 256;
    public static final int MAX_ENV_VALUE_LENGTH = 16_384;
    public static final int MAX_ENV_VARIABLES = 100;

    /** Host name with optional port, no scheme or path (what ACI's imageRegistryCredentials.server expects). */
    public static final String REGISTRY_SERVER_PATTERN =
            "^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9])(\\.([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]))*(:[0-9]{1,5})?$";
    public static final int MAX_REGISTRY_SERVER_LENGTH = 253;
    public static final int MAX_REGISTRY_USERNAME_LENGTH = 256;
    public static final int MAX_REGISTRY_PASSWORD_LENGTH = 8_192;

    /** ARM ids are case-insensitive (az often prints "resourcegroups"), so the patterns spell each letter both ways. */
    public static final String IDENTITY_ID_PATTERN = "^" + caseless("/subscriptions/") + "[^/]+" + caseless("/resourceGroups/")
            + "[^/]+" + caseless("/providers/Microsoft.ManagedIdentity/userAssignedIdentities/") + "[^/]+$";
    public static final String SUBNET_ID_PATTERN = "^" + caseless("/subscriptions/") + "[^/]+" + caseless("/resourceGroups/")
            + "[^/]+" + caseless("/providers/Microsoft.Network/virtualNetworks/") + "[^/]+" + caseless("/subnets/") + "[^/]+$";
    public static final int MAX_RESOURCE_ID_LENGTH = 1024;
    public static final int MAX_IDENTITIES = 20;
    /** ACI places a container group in at most one subnet. */
    public static final int MAX_SUBNETS = 1;
    /** The Linux resolver uses at most three name servers. */
    public static final int MAX_DNS_SERVERS = 3;

    /** ARM allows 50 tags per resource; two are reserved for aci-dispatch's own tags. */
    public static final int MAX_TAGS = 48;
    public static final int MAX_TAG_KEY_LENGTH = 512;
    public static final int MAX_TAG_VALUE_LENGTH = 256;
    public static final String FORBIDDEN_TAG_KEY_CHARACTERS = "<>%&\\?/";
    /** Tag keys: no ARM-forbidden characters and no leading '[' (ARM would read it as an expression). */
    public static final String TAG_KEY_PATTERN = "^[^<>%&\\\\?/\\[][^<>%&\\\\?/]*$";

    public static final List<String> PRIORITIES = List.of("Regular", "Spot");

    /** Azure region names as ARM spells them: lowercase letters and digits, e.g. westeurope, eastus2. */
    public static final String LOCATION_PATTERN = "^[a-z][a-z0-9]{1,39}$";
    public static final int MAX_RESOURCE_GROUP_LENGTH = 90;

    public static final int MIN_TIMEOUT_SECONDS = 10;
    /** The ceiling Settings accepts for DISPATCH_MAX_TIMEOUT_SECONDS; the configured maximum is usually lower. */
    public static final int TIMEOUT_CEILING_SECONDS = 365 * 24 * 3600;

    /**
     * Container, init container and volume names: 1-63 lowercase letters, digits and hyphens, not starting or ending
     * with a hyphen; the rule ACI applies to container group names ("InvalidContainerGroupName"), applied here to
     * the names inside a group too.
     */
    public static final String CONTAINER_NAME_PATTERN = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";
    public static final int MAX_CONTAINER_NAME_LENGTH = 63;
    /** The job's own container in the default template; logs and the exit code are read from it. */
    public static final String JOB_CONTAINER_NAME = "job";
    /** ACI's hard limits ("Unchangeable (Hard) Limits", container-instances-resource-and-quota-limits). */
    public static final int MAX_CONTAINERS_PER_GROUP = 60;
    public static final int MAX_VOLUMES = 20;
    public static final int MAX_PORTS = 5;
    /** "By default, you can specify a maximum of 59 init containers per container group" (container-instances-init-container). */
    public static final int MAX_INIT_CONTAINERS = 59;

    /** An absolute path without ':' ("Must not contain colon (:)", VolumeMount.mountPath, ACI 2023-05-01 spec). */
    public static final String MOUNT_PATH_PATTERN = "^/[^:]+$";
    public static final int MAX_MOUNT_PATH_LENGTH = 1024;
    /** Azure Files share names: 3-63 lowercase letters, digits and single hyphens, starting and ending alphanumeric. */
    public static final String SHARE_NAME_PATTERN = "^[a-z0-9](-?[a-z0-9])+$";
    public static final int MIN_SHARE_NAME_LENGTH = 3;
    public static final int MAX_SHARE_NAME_LENGTH = 63;
    /** Storage account names: 3-24 lowercase letters and digits. */
    public static final String STORAGE_ACCOUNT_NAME_PATTERN = "^[a-z0-9]{3,24}$";
    public static final int MAX_STORAGE_ACCOUNT_KEY_LENGTH = 512;
    /** Secret volume file names: a plain file name (no path, no leading dot). */
    public static final String SECRET_FILE_NAME_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9._-]{0,254}$";
    public static final int MAX_SECRET_FILE_CHARS = 32_768;

    /** Key Vault secret names: 1-127 letters, digits and hyphens; versions are 32 hex digits. */
    public static final String KEY_VAULT_ID_PATTERN = Settings.KEY_VAULT_ID_PATTERN;
    public static final String KEY_VAULT_SECRET_NAME_PATTERN = "^[0-9A-Za-z-]{1,127}$";
    public static final String KEY_VAULT_SECRET_VERSION_PATTERN = "^[0-9a-fA-F]{32}$";

    public static final List<String> OS_TYPES = List.of("Linux", "Windows");
    /**
     * Windows container groups get at most 4 vCPU and 16 GB ("Windows Containers" in ACI's resource and quota limits,
     * {@value Settings#ACI_LIMITS_SOURCE}).
     */
    public static final double WINDOWS_MAX_CPU = 4;
    public static final double WINDOWS_MAX_MEMORY_GB = 16;

    /** Always is refused: it restarts a container that exited 0, so a job would never end. */
    public static final List<String> RESTART_POLICIES = List.of("Never", "OnFailure");
    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final int MAX_RESTARTS_CEILING = 100;
    /** Bounds of maxDetectionDelaySeconds: a check at most every 5 s, at least one a day. */
    public static final int MIN_DETECTION_DELAY_SECONDS = 5;
    public static final int MAX_DETECTION_DELAY_SECONDS = 24 * 3600;

    public static final List<String> PROTOCOLS = List.of("TCP", "UDP");
    public static final List<String> IP_ADDRESS_TYPES = List.of("Public", "Private");
    /**
     * ACI's rule for DNS name labels: "It can contain only lowercase letters, numbers and hyphens. The first character
     * must be a letter. The last character must be a letter or number. The value must be between 5 and 63 characters
     * long." (ACI's error text, quoted in derekbekoe/vscode-spot#38).
     */
    public static final String DNS_NAME_LABEL_PATTERN = "^[a-z][a-z0-9-]{3,61}[a-z0-9]$";
    /** Space-separated domain names, as ACI's dnsConfig.searchDomains string takes them. */
    public static final String SEARCH_DOMAINS_PATTERN =
            "^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?( [A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)*$";
    /** The Linux resolver keeps at most 256 characters of search list (resolv.conf(5)). */
    public static final int MAX_SEARCH_DOMAINS_LENGTH = 256;
    /** Space-separated resolver options such as ndots:2 or rotate (resolv.conf(5) options). */
    public static final String DNS_OPTIONS_PATTERN = "^[A-Za-z0-9-]+(:[0-9]+)?( [A-Za-z0-9-]+(:[0-9]+)?)*$";
    public static final int MAX_DNS_OPTIONS_LENGTH = 256;

    public static final String TEMPLATE_NAME_PATTERN = "^[a-z0-9][a-z0-9_-]{0,62}$";
    public static final String DEFAULT_TEMPLATE = "default";
    /** Serialized size bound of {@code variables}. */
    public static final int MAX_VARIABLES_BYTES = 16_384;

    private JobLimits() {
    }

    /** Turns letters into [xX] classes so a pattern matches any case without regex flags. */
    static String caseless(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if (Character.isLetter(c)) {
                out.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
            } else if (c == '.') {
                out.append("\\.");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
