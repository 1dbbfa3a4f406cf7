package dev.acidispatch.cli.doctor;

import com.azure.core.credential.TokenCredential;
import dev.acidispatch.arm.ArmConnection;
import dev.acidispatch.arm.AzureContainerGroups;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;
import dev.acidispatch.store.StorageClients;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the checks look at: the settings this machine runs the app with (environment, then local.settings.json), the
 * storage and ARM they point at, the Function App when one is named, and an image to look up. Every part is built on
 * first use and shared; a part that cannot be built (settings that do not parse) fails each check that needs it.
 */
public final class DoctorContext {
    private final Map<String, String> environment;
    private final boolean emulator;
    private final Optional<String> subscriptionOption;
    private final Optional<AppName> app;
    private final Optional<String> image;
    private final Supplier<TokenCredential> credentialFactory;
    private Settings settings;
    private StorageClients storage;
    private ArmReader arm;
    private TokenCredential credential;
    private Deployment deployment;

    /** The Function App to check: its name and resource group. */
    public record AppName(String name, String resourceGroup) {
    }

    /**
     * @param emulator          ARM is the emulator at DISPATCH_ARM_ENDPOINT: no credential, no token
     * @param subscription      overrides DISPATCH_SUBSCRIPTION_ID
     * @param credentialFactory the Azure credential to use outside emulator mode (DefaultAzureCredential)
     */
    public DoctorContext(Map<String, String> environment, boolean emulator, Optional<String> subscription,
                         Optional<AppName> app, Optional<String> image, Supplier<TokenCredential> credentialFactory) {
        this.environment = Map.copyOf(environment);
        this.emulator = emulator;
        this.subscriptionOption = subscription.filter(s -> !s.isBlank());
        this.app = Objects.requireNonNull(app, "app");
        this.image = Objects.requireNonNull(image, "image");
        this.credentialFactory = Objects.requireNonNull(credentialFactory, "credentialFactory");
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Checking a local setup against the ARM/ACI emulator. */
    public boolean emulator() {
        return emulator;
    }

    public Optional<String> image() {
        return image;
    }

    /**
     * The app's settings.
     *
     * @throws InvalidSettingsException when they do not parse (the settings check reports each problem)
     */
    public synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.from(environment);
        }
        return settings;
    }

    public synchronized StorageClients storage() {
        if (storage == null) {
            storage = StorageClients.from(settings());
        }
        return storage;
    }

    public String subscriptionId() {
        return subscriptionOption.or(() -> settings().subscriptionId())
                .or(() -> emulator ? Optional.of(AzureContainerGroups.EMULATOR_SUBSCRIPTION_ID) : Optional.empty())
                .orElseThrow(() -> new InvalidSettingsException(List.of(Settings.Names.SUBSCRIPTION_ID
                        + ": not set; set it (az account show --query id -o tsv) or pass --subscription")));
    }

    /** Where ARM is: the emulator's endpoint, or Azure's public cloud. */
    public Optional<URI> armEndpoint() {
        return settings().armEndpoint();
    }

    /** The credential ARM calls are made with; empty against the emulator, which checks no token. */
    public synchronized Optional<TokenCredential> credential() {
        if (emulator) {
            return Optional.empty();
        }
        if (credential == null) {
            credential = credentialFactory.get();
        }
        return Optional.of(credential);
    }

    /** ARM reads as the credential (or unauthenticated against the emulator). */
    public synchronized ArmReader arm() {
        if (arm == null) {
            String subscription = subscriptionId();
            ArmConnection connection = emulator
                    ? ArmConnection.unauthenticated(subscription, armEndpoint().orElseThrow(() ->
                    new InvalidSettingsException(List.of(Settings.Names.ARM_ENDPOINT + ": not set; --emulator needs"
                            + " the emulator's endpoint (dispatchctl up and dispatchctl emulator print it)"))))
                    : ArmConnection.publicCloud(subscription, credential().orElseThrow());
            arm = ArmReader.connect(connection);
        }
        return arm;
    }

    /** The named Function App, read through ARM; empty when none was named. */
    public synchronized Optional<Deployment> app() {
        if (app.isEmpty()) {
            return Optional.empty();
        }
        if (deployment == null) {
            deployment = new Deployment(subscriptionId(), app.get().resourceGroup(), app.get().name(), arm());
        }
        return Optional.of(deployment);
    }

    /** Whether a Function App was named (--app), without reading anything. */
    public boolean hasApp() {
        return app.isPresent();
    }
}
