package dev.acidispatch.arm;

import com.azure.core.credential.TokenCredential;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom to call ARM. Production: the public cloud with a token credential. Emulators: an endpoint
 * override and no credential (the SDK's bearer policy refuses plain http, so none is installed).
 */
public record ArmConnection(String subscriptionId, Optional<URI> endpoint, Optional<TokenCredential> credential) {
    public ArmConnection {
        if (subscriptionId == null || subscriptionId.isBlank()) {
            throw new IllegalArgumentException("The value for subscriptionId must not be blank; set "
                    + "DISPATCH_SUBSCRIPTION_ID to the subscription that holds the jobs resource group");
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        credential = credential == null ? Optional.empty() : credential;
        if (endpoint.isEmpty() && credential.isEmpty()) {
            throw new IllegalArgumentException("The public cloud needs a credential: pass a TokenCredential "
                    + "(e.g. DefaultAzureCredential) or an endpoint override for an emulator");
        }
        if (endpoint.isPresent() && credential.isPresent() && "http".equalsIgnoreCase(endpoint.get().getScheme())) {
            throw new IllegalArgumentException("endpoint " + endpoint.get() + " is plain http: bearer tokens are "
                    + "only sent over https; drop the credential for a loopback emulator or serve https");
        }
    }

    /** The public cloud with the given credential. */
    public static ArmConnection publicCloud(String subscriptionId, TokenCredential credential) {
        return new ArmConnection(subscriptionId, Optional.empty(), Optional.of(Objects.requireNonNull(credential,
                "credential")));
    }

    /** An emulator (or any unauthenticated ARM-compatible endpoint). */
    public static ArmConnection unauthenticated(String subscriptionId, URI endpoint) {
        return new ArmConnection(subscriptionId, Optional.of(Objects.requireNonNull(endpoint, "endpoint")),
                Optional.empty());
    }
}
