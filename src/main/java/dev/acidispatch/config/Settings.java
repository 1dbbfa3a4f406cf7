package dev.acidispatch.config;

import dev.acidispatch.template.LogAnalyticsDiagnostics;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting the app reads, typed and validated in one place. Built once from the environment (app settings in
 * Azure, {@code local.settings.json} under Core Tools); a missing or malformed value fails fast with the variable's
 * name and what would be valid. Behaviour never changes after construction.
 */
public final class Settings {
    /** All variables this class reads, so infra and docs can be checked against the code. */
    public static final List<String> VARIABLES = List.of(
            Names.STORAGE, Names.STORAGE_ACCOUNT_NAME, Names.SUBSCRIPTION_ID, Names.DEFAULT_RESOURCE_GROUP,
            Names.ALLOWED_RESOURCE_GROUPS, Names.DEFAULT_LOCATION, Names.ARM_ENDPOINT, Names.TEMPLATES_DIR,
            Names.DEFAULT_CPU, Names.DEFAULT_MEMORY_GB, Names.MAX_CPU, Names.MAX_MEMORY_GB,
            Names.DEFAULT_START_TIMEOUT_SECONDS, Names.DEFAULT_TIMEOUT_SECONDS, Names.MAX_TIMEOUT_SECONDS,
            Names.POLL_MIN_SECONDS, Names.POLL_MAX_SECONDS, Names.POLL_BACKOFF_FACTOR, Names.POLL_LATENCY_RATIO,
            Names.POLLS_PER_GENERATION, Names.MAX_DETECTION_DELAY_SECONDS, Names.LOG_TAIL_LINES,
            Names.LOG_CAPTURE_SECONDS,
            Names.MAX_ACTIVE_JOBS, Names.MAX_ACTIVE_CORES, Names.CREATES_PER_5_MIN, Names.CREATES_PER_HOUR,
            Names.DELETES_PER_5_MIN, Names.DELETES_PER_HOUR,
            Names.POLL_SCHEDULE, Names.ALLOWED_KEY_VAULTS, Names.LOG_ANALYTICS_WORKSPACE_ID,
            Names.LOG_ANALYTICS_WORKSPACE_KEY);

    /** Variable names. Our own share the DISPATCH_ prefix; storage uses the Functions runtime's own names. */
    public static final class Names {
        public static final String STORAGE = "AzureWebJobsStorage";
        public static final String STORAGE_ACCOUNT_NAME = "AzureWebJobsStorage__accountName";
        public static final String SUBSCRIPTION_ID = "DISPATCH_SUBSCRIPTION_ID";
        public static final String DEFAULT_RESOURCE_GROUP = "DISPATCH_DEFAULT_RESOURCE_GROUP";
        public static final String ALLOWED_RESOURCE_GROUPS = "DISPATCH_ALLOWED_RESOURCE_GROUPS";
        public static final String DEFAULT_LOCATION = "DISPATCH_DEFAULT_LOCATION";
        public static final String ARM_ENDPOINT = "DISPATCH_ARM_ENDPOINT";
        public static final String TEMPLATES_DIR = "DISPATCH_TEMPLATES_DIR";
        public static final String DEFAULT_CPU = "DISPATCH_DEFAULT_CPU";
        public static final String DEFAULT_MEMORY_GB = "DISPATCH_DEFAULT_MEMORY_GB";
        public static final String MAX_CPU = "DISPATCH_MAX_CPU";
        public static final String MAX_MEMORY_GB = "DISPATCH_MAX_MEMORY_GB";
        public static final String DEFAULT_START_TIMEOUT_SECONDS = "DISPATCH_DEFAULT_START_TIMEOUT_SECONDS";
        public static final String DEFAULT_TIMEOUT_SECONDS = "DISPATCH_DEFAULT_TIMEOUT_SECONDS";
        public static final String MAX_TIMEOUT_SECONDS = "DISPATCH_MAX_TIMEOUT_SECONDS";
        public static final String POLL_MIN_SECONDS = "DISPATCH_POLL_MIN_SECONDS";
        public static final String POLL_MAX_SECONDS = "DISPATCH_POLL_MAX_SECONDS";
        public static final String POLL_BACKOFF_FACTOR = "DISPATCH_POLL_BACKOFF_FACTOR";
        public static final String POLL_LATENCY_RATIO = "DISPATCH_POLL_LATENCY_RATIO";
        public static final String POLLS_PER_GENERATION = "DISPATCH_POLLS_PER_GENERATION";
        /** Default cap on the watcher's wait between checks (a job's maxDetectionDelaySeconds replaces it). */
        public static final String MAX_DETECTION_DELAY_SECONDS = "DISPATCH_MAX_DETECTION_DELAY_SECONDS";
        public static final String LOG_TAIL_LINES = "DISPATCH_LOG_TAIL_LINES";
        public static final String LOG_CAPTURE_SECONDS = "DISPATCH_LOG_CAPTURE_SECONDS";
        public static final String MAX_ACTIVE_JOBS = "DISPATCH_MAX_ACTIVE_JOBS";
        public static final String MAX_ACTIVE_CORES = "DISPATCH_MAX_ACTIVE_CORES";
        public static final String CREATES_PER_5_MIN = "DISPATCH_CREATES_PER_5_MIN";
        public static final String CREATES_PER_HOUR = "DISPATCH_CREATES_PER_HOUR";
        public static final String DELETES_PER_5_MIN = "DISPATCH_DELETES_PER_5_MIN";
        public static final String DELETES_PER_HOUR = "DISPATCH_DELETES_PER_HOUR";
        /** NCRONTAB schedule of the PollWork timer; read by the Functions runtime through %DISPATCH_POLL_SCHEDULE%. */
        public static final String POLL_SCHEDULE = "DISPATCH_POLL_SCHEDULE";
        /**
         * Comma-separated resource ids of the Key Vaults job messages may reference secrets in. The app's identity
         * needs {@code Microsoft.KeyVault/vaults/deploy/action} on each (infra/main.json grants it), and each vault
         * needs {@code enabledForTemplateDeployment}.
         */
        public static final String ALLOWED_KEY_VAULTS = "DISPATCH_ALLOWED_KEY_VAULTS";
        /** A Log Analytics workspace's id (GUID): every container group sends its logs there. */
        public static final String LOG_ANALYTICS_WORKSPACE_ID = "DISPATCH_LOG_ANALYTICS_WORKSPACE_ID";
        /** That workspace's shared key: a secret, passed to each deployment as a secureString parameter. */
        public static final String LOG_ANALYTICS_WORKSPACE_KEY = "DISPATCH_LOG_ANALYTICS_WORKSPACE_KEY";

        private Names() {
        }
    }

    /**
     * ACI's hard maximum for one standard-SKU container group (Linux, also in a virtual network): 31 vCPU and 240 GB.
     * Source: "Resource availability &amp; quota limits for ACI", section "Standard Container Resources" (page dated
     * 2025-11-17), {@value #ACI_LIMITS_SOURCE}. ACI refuses larger requests, so larger settings fail at start.
     */
    public static final double ACI_MAX_CPU = 31;
    public static final double ACI_MAX_MEMORY_GB = 240;
    public static final String ACI_LIMITS_SOURCE =
            "https://learn.microsoft.com/azure/container-instances/container-instances-resource-and-quota-limits";
    /**
     * Granularity of cpu and memory in job messages. Defaults must follow it too: JobsApi and the re-enqueue of
     * deferred jobs write the default into an explicit message that is validated again. ACI itself refuses memory off
     * 0.1-GB steps ("The memory requirement should be times of 0.1 GB", Azure/azure-cli#7355).
     */
    public static final double CPU_STEP = 0.01;
    public static final double MEMORY_STEP_GB = 0.1;

    /**
     * A Key Vault's ARM resource id; ARM ids are case-insensitive, so every letter matches both cases. Vault names are
     * 3-24 letters, digits and hyphens (Key Vault naming rules in the ARM resource-name-rules page).
     */
    public static final String KEY_VAULT_ID_PATTERN = "^" + caseless("/subscriptions/") + "[^/]+"
            + caseless("/resourceGroups/") + "[^/]+" + caseless("/providers/Microsoft.KeyVault/vaults/")
            + "[A-Za-z0-9-]{3,24}$";

    public static final String DEFAULT_LOCATION = "westeurope";
    public static final double DEFAULT_CPU = 1.0;
    public static final double DEFAULT_MEMORY_GB = 1.5;
    /**
     * Above 4 vCPU / 16 GB per group a subscription needs an approved quota request first ("Big Containers on Azure
     * Container Instances"; the limits page above warns of deployment failures otherwise), so the default maxima stay
     * there; raise them to at most {@link #ACI_MAX_CPU} / {@link #ACI_MAX_MEMORY_GB} once the quota is granted.
     */
    public static final double DEFAULT_MAX_CPU = 4.0;
    public static final double DEFAULT_MAX_MEMORY_GB = 16.0;
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 600;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    public static final int DEFAULT_MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final int DEFAULT_POLL_MIN_SECONDS = 5;
    public static final int DEFAULT_POLL_MAX_SECONDS = 120;
    public static final double DEFAULT_POLL_BACKOFF_FACTOR = 1.5;
    public static final double DEFAULT_POLL_LATENCY_RATIO = 0.1;
    public static final int DEFAULT_POLLS_PER_GENERATION = 10;
    public static final int DEFAULT_LOG_TAIL_LINES = 1000;
    /** ACI regional defaults: 100 groups, 100 cores, 100 creates and 100 deletes per 5 minutes, 300 of each per hour. */
    public static final int DEFAULT_MAX_ACTIVE_JOBS = 100;
    public static final int DEFAULT_MAX_ACTIVE_CORES = 100;
    public static final int DEFAULT_CREATES_PER_5_MIN = 100;
    public static final int DEFAULT_CREATES_PER_HOUR = 300;
    public static final int DEFAULT_DELETES_PER_5_MIN = 100;
    public static final int DEFAULT_DELETES_PER_HOUR = 300;
    public static final String DEFAULT_POLL_SCHEDULE = "0 */1 * * * *";

    private final Optional<String> storageConnectionString;
    private final Optional<String> storageAccountName;
    private final Optional<String> subscriptionId;
    private final String defaultResourceGroup;
    private final Set<String> allowedResourceGroups;
    private final String defaultLocation;
    private final Optional<URI> armEndpoint;
    private final Optional<String> templatesDir;
    private final double defaultCpu;
    private final double defaultMemoryGb;
    private final double maxCpu;
    private final double maxMemoryGb;
    private final Duration defaultStartTimeout;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final Duration pollMin;
    private final Duration pollMax;
    private final double pollBackoffFactor;
    private final double pollLatencyRatio;
    private final int pollsPerGeneration;
    private final Optional<Duration> maxDetectionDelay;
    private final int logTailLines;
    private final Duration logCapture;
    private final int maxActiveJobs;
    private final int maxActiveCores;
    private final int createsPer5Min;
    private final int createsPerHour;
    private final int deletesPer5Min;
    private final int deletesPerHour;
    private final String pollSchedule;
    private final Set<String> allowedKeyVaults;
    private final Optional<LogAnalyticsDiagnostics> logAnalytics;

    private Settings(Reader r) {
        storageConnectionString = r.optional(Names.STORAGE);
        storageAccountName = r.optional(Names.STORAGE_ACCOUNT_NAME);
        subscriptionId = r.optional(Names.SUBSCRIPTION_ID);
        defaultResourceGroup = r.optional(Names.DEFAULT_RESOURCE_GROUP).orElse("aci-dispatch-jobs");
        Set<String> allowed = new LinkedHashSet<>(r.list(Names.ALLOWED_RESOURCE_GROUPS));
        allowed.add(defaultResourceGroup);
        allowedResourceGroups = Set.copyOf(allowed);
        defaultLocation = r.optional(Names.DEFAULT_LOCATION).orElse(DEFAULT_LOCATION);
        armEndpoint = r.parsed(Names.ARM_ENDPOINT, "an absolute http(s) URL such as http://127.0.0.1:8089",
                Settings::absoluteUri);
        templatesDir = r.optional(Names.TEMPLATES_DIR);
        Bound aciCpu = Bound.aci(ACI_MAX_CPU, "cores");
        Bound aciMemory = Bound.aci(ACI_MAX_MEMORY_GB, "GB");
        maxCpu = r.decimal(Names.MAX_CPU, DEFAULT_MAX_CPU, 0.1, ACI_MAX_CPU, aciCpu);
        maxMemoryGb = r.decimal(Names.MAX_MEMORY_GB, DEFAULT_MAX_MEMORY_GB, 0.1, ACI_MAX_MEMORY_GB, aciMemory);
        defaultCpu = r.decimal(Names.DEFAULT_CPU, DEFAULT_CPU, 0.1, ACI_MAX_CPU, aciCpu,
                r.ceilingFrom(Names.MAX_CPU, maxCpu));
        r.step(Names.DEFAULT_CPU, defaultCpu, CPU_STEP, "cores", "1 or 0.25");
        defaultMemoryGb = r.decimal(Names.DEFAULT_MEMORY_GB, DEFAULT_MEMORY_GB, 0.1, ACI_MAX_MEMORY_GB, aciMemory,
                r.ceilingFrom(Names.MAX_MEMORY_GB, maxMemoryGb));
        r.step(Names.DEFAULT_MEMORY_GB, defaultMemoryGb, MEMORY_STEP_GB, "GB", "1.5");
        maxTimeout = Duration.ofSeconds(r.integer(Names.MAX_TIMEOUT_SECONDS, DEFAULT_MAX_TIMEOUT_SECONDS, 60, 365 * 24 * 3600));
        Bound maxTimeoutBound = r.ceilingFrom(Names.MAX_TIMEOUT_SECONDS, maxTimeout.toSeconds());
        defaultStartTimeout = Duration.ofSeconds(r.integer(Names.DEFAULT_START_TIMEOUT_SECONDS,
                DEFAULT_START_TIMEOUT_SECONDS, 10, 365 * 24 * 3600, maxTimeoutBound));
        defaultTimeout = Duration.ofSeconds(r.integer(Names.DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS, 10,
                365 * 24 * 3600, maxTimeoutBound));
        pollMin = Duration.ofSeconds(r.integer(Names.POLL_MIN_SECONDS, DEFAULT_POLL_MIN_SECONDS, 1, 3600));
        pollMax = Duration.ofSeconds(r.integer(Names.POLL_MAX_SECONDS, DEFAULT_POLL_MAX_SECONDS, 1, 24 * 3600,
                r.floorFrom(Names.POLL_MIN_SECONDS, pollMin.toSeconds())));
        pollBackoffFactor = r.decimal(Names.POLL_BACKOFF_FACTOR, DEFAULT_POLL_BACKOFF_FACTOR, 1.0, 10.0);
        pollLatencyRatio = r.decimal(Names.POLL_LATENCY_RATIO, DEFAULT_POLL_LATENCY_RATIO, 0.0, 1.0);
        pollsPerGeneration = r.integer(Names.POLLS_PER_GENERATION, DEFAULT_POLLS_PER_GENERATION, 1, 1000);
        // 0 (the default): no cap beyond the back-off's own (DISPATCH_POLL_MAX_SECONDS and the latency ratio).
        int detectionCap = r.integer(Names.MAX_DETECTION_DELAY_SECONDS, 0, 0, 24 * 3600);
        maxDetectionDelay = detectionCap == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(detectionCap));
        logTailLines = r.integer(Names.LOG_TAIL_LINES, DEFAULT_LOG_TAIL_LINES, 1, 100_000);
        // 0: capture while running at growing intervals (PollPolicy.logCaptureDue); N: every N seconds (chatty jobs).
        logCapture = Duration.ofSeconds(r.integer(Names.LOG_CAPTURE_SECONDS, 0, 0, 3600));
        maxActiveJobs = r.integer(Names.MAX_ACTIVE_JOBS, DEFAULT_MAX_ACTIVE_JOBS, 1, 100_000);
        maxActiveCores = r.integer(Names.MAX_ACTIVE_CORES, DEFAULT_MAX_ACTIVE_CORES, 1, 100_000);
        createsPer5Min = r.integer(Names.CREATES_PER_5_MIN, DEFAULT_CREATES_PER_5_MIN, 1, 100_000);
        createsPerHour = r.integer(Names.CREATES_PER_HOUR, DEFAULT_CREATES_PER_HOUR, 1, 1_000_000);
        deletesPer5Min = r.integer(Names.DELETES_PER_5_MIN, DEFAULT_DELETES_PER_5_MIN, 1, 100_000);
        deletesPerHour = r.integer(Names.DELETES_PER_HOUR, DEFAULT_DELETES_PER_HOUR, 1, 1_000_000);
        pollSchedule = r.optional(Names.POLL_SCHEDULE).orElse(DEFAULT_POLL_SCHEDULE);
        allowedKeyVaults = r.keyVaultIds(Names.ALLOWED_KEY_VAULTS);
        logAnalytics = r.logAnalytics();
        r.throwIfInvalid();
    }

    /** Reads the process environment. */
    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the given variables; blank values count as absent. Throws {@link InvalidSettingsException}. */
    public static Settings from(Map<String, String> variables) {
        return new Settings(new Reader(variables));
    }

    /** The storage connection string, if one is set (Azurite or account-key auth). */
    public Optional<String> storageConnectionString() {
        return storageConnectionString;
    }

    /** The storage account name for identity-based connections ({@code AzureWebJobsStorage__accountName}). */
    public Optional<String> storageAccountName() {
        return storageAccountName;
    }

    /** Required as soon as ARM is called; absent is allowed for validate/render. */
    public String requireSubscriptionId() {
        return subscriptionId.orElseThrow(() -> new InvalidSettingsException(List.of(Names.SUBSCRIPTION_ID
                + ": required to call Azure Resource Manager; set it to the subscription GUID that holds the jobs resource group")));
    }

    public Optional<String> subscriptionId() {
        return subscriptionId;
    }

    public String defaultResourceGroup() {
        return defaultResourceGroup;
    }

    /** Resource groups jobs may target; always contains the default one. */
    public Set<String> allowedResourceGroups() {
        return allowedResourceGroups;
    }

    public String defaultLocation() {
        return defaultLocation;
    }

    /** Overrides the ARM endpoint (emulators). Absent in production: the public cloud endpoint is used. */
    public Optional<URI> armEndpoint() {
        return armEndpoint;
    }

    public Optional<String> templatesDir() {
        return templatesDir;
    }

    public double defaultCpu() {
        return defaultCpu;
    }

    public double defaultMemoryGb() {
        return defaultMemoryGb;
    }

    public double maxCpu() {
        return maxCpu;
    }

    public double maxMemoryGb() {
        return maxMemoryGb;
    }

    public Duration defaultStartTimeout() {
        return defaultStartTimeout;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    public Duration maxTimeout() {
        return maxTimeout;
    }

    /** The default cap on the watcher's wait between checks; a job's maxDetectionDelaySeconds replaces it. */
    public Optional<Duration> maxDetectionDelay() {
        return maxDetectionDelay;
    }

    public Duration pollMin() {
        return pollMin;
    }

    public Duration pollMax() {
        return pollMax;
    }

    public double pollBackoffFactor() {
        return pollBackoffFactor;
    }

    public double pollLatencyRatio() {
        return pollLatencyRatio;
    }

    public int pollsPerGeneration() {
        return pollsPerGeneration;
    }

    public int logTailLines() {
        return logTailLines;
    }

    /** The Log Analytics workspace every container group sends its logs to, or empty. */
    public Optional<LogAnalyticsDiagnostics> logAnalytics() {
        return logAnalytics;
    }

    /** How often logs are captured while a container runs; zero for the default growing intervals (PollPolicy.logCaptureDue). */
    public Duration logCapture() {
        return logCapture;
    }

    public int maxActiveJobs() {
        return maxActiveJobs;
    }

    public int maxActiveCores() {
        return maxActiveCores;
    }

    public int createsPer5Min() {
        return createsPer5Min;
    }

    public int createsPerHour() {
        return createsPerHour;
    }

    public int deletesPer5Min() {
        return deletesPer5Min;
    }

    public int deletesPerHour() {
        return deletesPerHour;
    }

    public String pollSchedule() {
        return pollSchedule;
    }

    /** Key Vault resource ids job messages may reference secrets in; empty when none is allowed. */
    public Set<String> allowedKeyVaults() {
        return allowedKeyVaults;
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

    private static double finiteDecimal(String value) {
        double parsed = Double.parseDouble(value);
        if (!Double.isFinite(parsed)) {
            throw new NumberFormatException("not a finite number");
        }
        return parsed;
    }

    private static URI absoluteUri(String value) {
        URI uri = URI.create(value);
        if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("not an absolute http(s) URL");
        }
        return uri;
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * A limit beyond the fixed range of a setting: ACI's, or another setting's. It says where it comes from and how to
     * fix a value past it, so the error names the setting, the value, the limit and its source.
     */
    private record Bound(double value, boolean upper, String origin, String fix) {
        static Bound aci(double max, String unit) {
            return new Bound(max, true, "ACI's maximum of " + number(max) + " " + unit + " per container group "
                    + "(standard SKU, Linux; documented at " + ACI_LIMITS_SOURCE + ")", "set at most " + number(max));
        }

        boolean violatedBy(double value) {
            return upper ? value > this.value : value < this.value;
        }
    }

    /** Collects every bad variable before failing, so a user fixes them all in one go. */
    private static final class Reader {
        private final Map<String, String> variables;
        private final List<String> errors = new ArrayList<>();
        private final Set<String> invalid = new HashSet<>();

        Reader(Map<String, String> variables) {
            this.variables = Objects.requireNonNull(variables, "variables");
        }

        Optional<String> optional(String name) {
            String value = variables.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        /** The workspace id and key: both or neither; the key's value never appears in an error. */
        Optional<LogAnalyticsDiagnostics> logAnalytics() {
            Optional<String> id = optional(Names.LOG_ANALYTICS_WORKSPACE_ID);
            Optional<String> key = optional(Names.LOG_ANALYTICS_WORKSPACE_KEY);
            if (id.isEmpty() && key.isEmpty()) {
                return Optional.empty();
            }
            if (id.isEmpty() || key.isEmpty()) {
                String missing = id.isEmpty() ? Names.LOG_ANALYTICS_WORKSPACE_ID : Names.LOG_ANALYTICS_WORKSPACE_KEY;
                problem(missing, "missing: " + Names.LOG_ANALYTICS_WORKSPACE_ID + " and "
                        + Names.LOG_ANALYTICS_WORKSPACE_KEY + " are set together (or neither)");
                return Optional.empty();
            }
            try {
                return Optional.of(new LogAnalyticsDiagnostics(id.get(), key.get()));
            } catch (IllegalArgumentException e) {
                problem(Names.LOG_ANALYTICS_WORKSPACE_ID, e.getMessage().replaceFirst("^workspaceId: ", ""));
                return Optional.empty();
            }
        }

        /** A comma-separated list of Key Vault resource ids, each checked, in the order given. */
        Set<String> keyVaultIds(String name) {
            Set<String> ids = new LinkedHashSet<>();
            java.util.regex.Pattern shape = java.util.regex.Pattern.compile(KEY_VAULT_ID_PATTERN);
            for (String id : list(name)) {
                if (!shape.matcher(id).matches()) {
                    problem(name, "'" + id + "' is not a Key Vault resource id; expected a comma-separated list of "
                            + "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>");
                } else {
                    ids.add(id);
                }
            }
            return Collections.unmodifiableSet(ids);
        }

        List<String> list(String name) {
            return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toList()).orElse(List.of());
        }

        <T> Optional<T> parsed(String name, String expected, Function<String, T> parser) {
            Optional<String> raw = optional(name);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(parser.apply(raw.get()));
            } catch (RuntimeException e) {
                problem(name, "'" + raw.get() + "' is not valid; expected " + expected);
                return Optional.empty();
            }
        }

        /** Bounds first (their errors name where a limit comes from), then the setting's own range. */
        int integer(String name, int defaultValue, int min, int max, Bound... bounds) {
            Optional<Integer> value = parsed(name, "a whole number from " + min + " to " + max, Integer::parseInt);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!withinBounds(name, value.get(), bounds)) {
                return defaultValue;
            }
            if (value.get() < min || value.get() > max) {
                problem(name, value.get() + " is out of range; expected a whole number from " + min + " to " + max);
                return defaultValue;
            }
            return value.get();
        }

        /** Bounds first (their errors name where a limit comes from), then the setting's own range. */
        double decimal(String name, double defaultValue, double min, double max, Bound... bounds) {
            Optional<Double> value = parsed(name, "a number from " + number(min) + " to " + number(max),
                    Settings::finiteDecimal);
            if (value.isEmpty()) {
                return defaultValue;
            }
            if (!withinBounds(name, value.get(), bounds)) {
                return defaultValue;
            }
            if (value.get() < min || value.get() > max) {
                problem(name, optional(name).orElseThrow() + " is out of range; expected a number from "
                        + number(min) + " to " + number(max));
                return defaultValue;
            }
            return value.get();
        }

        /** A default outside the contract's granularity would make every message that relies on it invalid. */
        void step(String name, double value, double step, String unit, String example) {
            if (!invalid.contains(name)
                    && BigDecimal.valueOf(value).remainder(BigDecimal.valueOf(step)).signum() != 0) {
                problem(name, optional(name).orElse(number(value)) + " is not a multiple of " + number(step) + " "
                        + unit + ", the step job messages use; e.g. " + example);
            }
        }

        /** The value of another setting as an upper bound, or no bound when that setting is itself invalid. */
        Bound ceilingFrom(String name, double value) {
            return invalid.contains(name) ? null : new Bound(value, true, name + " (" + number(value)
                    + (optional(name).isEmpty() ? ", its default" : "") + ")",
                    "set at most " + number(value) + " or raise " + name);
        }

        /** The value of another setting as a lower bound, or no bound when that setting is itself invalid. */
        Bound floorFrom(String name, double value) {
            return invalid.contains(name) ? null : new Bound(value, false, name + " (" + number(value)
                    + (optional(name).isEmpty() ? ", its default" : "") + ")",
                    "set at least " + number(value) + " or lower " + name);
        }

        private boolean withinBounds(String name, double value, Bound... bounds) {
            for (Bound bound : bounds) {
                if (bound != null && bound.violatedBy(value)) {
                    problem(name, optional(name).orElseThrow() + " is " + (bound.upper() ? "above " : "below ")
                            + bound.origin() + "; " + bound.fix());
                    return false;
                }
            }
            return true;
        }

        private void problem(String name, String message) {
            invalid.add(name);
            errors.add(name + ": " + message);
        }

        void throwIfInvalid() {
            if (!errors.isEmpty()) {
                throw new InvalidSettingsException(errors);
            }
        }
    }
}
