package dev.acidispatch.arm;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.http.rest.Response;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.http.policy.ArmChallengeAuthenticationPolicy;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerinstance.fluent.ContainerInstanceManagementClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.fluent.models.LogsInner;
import com.azure.resourcemanager.containerinstance.implementation.ContainerInstanceManagementClientBuilder;
import com.azure.resourcemanager.resources.fluent.DeploymentsClient;
import com.azure.resourcemanager.resources.fluent.models.DeploymentExtendedInner;
import com.azure.resourcemanager.resources.fluent.models.DeploymentInner;
import com.azure.resourcemanager.resources.implementation.DeploymentsManagementClientBuilder;
import dev.acidispatch.config.Settings;
import dev.acidispatch.log.JobLog;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

/**
 * {@link ContainerGroups} on the azure-resourcemanager SDK's generated clients, over the JDK HTTP client. Only the
 * deployments and container-instance clients are built (the fluent ContainerInstanceManager would also pull in the
 * storage, network and authorization managers, which the pom leaves out). The SDK's own retry policy is not
 * installed: retries happen here, bounded by {@link ArmClientOptions}, so the deployment PUT can re-check state
 * instead of being re-sent blindly.
 */
public final class AzureContainerGroups implements ContainerGroups {
    private static final JobLog LOG = JobLog.of(AzureContainerGroups.class);
    /** Used when an endpoint override (emulator) is set without a subscription. */
    public static final String EMULATOR_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";

    private final Supplier<ArmConnection> connectionSource;
    private final ArmClientOptions options;
    private final Retrier retrier;
    private volatile Clients clients;

    private record Clients(DeploymentsClient deployments, ContainerInstanceManagementClient aci) {
    }

    public AzureContainerGroups(ArmConnection connection, ArmClientOptions options) {
        this(supplierOf(Objects.requireNonNull(connection, "connection")), options);
    }

    private AzureContainerGroups(Supplier<ArmConnection> connectionSource, ArmClientOptions options) {
        this.connectionSource = connectionSource;
        this.options = Objects.requireNonNull(options, "options");
        this.retrier = new Retrier(options);
    }

    /**
     * From app settings, built on first use (cold starts do not pay for SDK and credential setup until ARM is
     * called). With {@code DISPATCH_ARM_ENDPOINT} set, calls go unauthenticated to that endpoint (the emulator);
     * otherwise to the public cloud with {@code DefaultAzureCredential} (managed identity in Azure).
     */
    public static ContainerGroups fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return fromSettings(settings, ArmClientOptions.defaults());
    }

    public static ContainerGroups fromSettings(Settings settings, ArmClientOptions options) {
        Objects.requireNonNull(settings, "settings");
        return new AzureContainerGroups(() -> {
            Optional<URI> endpoint = settings.armEndpoint();
            if (endpoint.isPresent()) {
                String subscription = settings.subscriptionId().orElse(EMULATOR_SUBSCRIPTION_ID);
                return ArmConnection.unauthenticated(subscription, endpoint.get());
            }
            return ArmConnection.publicCloud(settings.requireSubscriptionId(),
                    new DefaultAzureCredentialBuilder().build());
        }, options);
    }

    @Override
    public DeploymentStatus beginDeployment(String resourceGroup, String deploymentName, String deploymentBodyJson) {
        requireText(resourceGroup, "resourceGroup");
        requireText(deploymentName, "deploymentName");
        DeploymentInner body = parseDeploymentBody(deploymentBodyJson);
        String operation = "PUT deployment " + resourceGroup + "/" + deploymentName;
        // After a lost response the PUT may have landed: look before sending it again.
        AtomicBoolean outcomeUnknown = new AtomicBoolean(false);
        return retrier.run(operation, () -> {
            if (outcomeUnknown.get()) {
                Optional<DeploymentStatus> landed = call("GET deployment " + resourceGroup + "/" + deploymentName,
                        () -> readDeployment(resourceGroup, deploymentName));
                if (landed.isPresent() && !landed.get().isFailedOrCanceled()) {
                    LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> operation + ": the earlier"
                            + " attempt landed (" + landed.get().provisioningState() + "); not re-sent");
                    return landed.get();
                }
            }
            try {
                return call(operation, () -> putDeployment(resourceGroup, deploymentName, body));
            } catch (TransientArmException e) {
                outcomeUnknown.set(true);
                throw e;
            }
        });
    }

    @Override
    public Optional<DeploymentStatus> getDeployment(String resourceGroup, String deploymentName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(deploymentName, "deploymentName");
        String operation = "GET deployment " + resourceGroup + "/" + deploymentName;
        return retrier.run(operation, () -> call(operation, () -> readDeployment(resourceGroup, deploymentName)));
    }

    @Override
    public Optional<GroupStatus> getGroup(String resourceGroup, String groupName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(groupName, "groupName");
        String operation = "GET containerGroup " + resourceGroup + "/" + groupName;
        return retrier.run(operation, () -> call(operation, () -> {
            try {
                Response<ContainerGroupInner> response = clients().aci().getContainerGroups()
                        .getByResourceGroupWithResponse(resourceGroup, groupName, Context.NONE);
                return Optional.of(AciMapping.toGroupStatus(response.getValue()));
            } catch (RuntimeException e) {
                return absentIfNotFound(operation, e);
            }
        }));
    }

    @Override
    public String logs(String resourceGroup, String groupName, String containerName, int tailLines) {
        requireText(resourceGroup, "resourceGroup");
        requireText(groupName, "groupName");
        requireText(containerName, "containerName");
        if (tailLines < 1) {
            throw new IllegalArgumentException("The value for tailLines must be at least 1, was " + tailLines);
        }
        String operation = "GET logs " + resourceGroup + "/" + groupName + "/" + containerName;
        return retrier.run(operation, () -> call(operation, () -> {
            LogsInner logs = clients().aci().getContainers().listLogsWithResponse(resourceGroup, groupName,
                    containerName, tailLines, null, Context.NONE).getValue();
            return logs == null || logs.content() == null ? "" : logs.content();
        }));
    }

    @Override
    public Optional<RegionUsage> usage(String location) {
        requireText(location, "location");
        String operation = "GET usages " + location;
        return retrier.run(operation, () -> call(operation, () -> {
            java.util.Map<String, long[]> entries = new java.util.HashMap<>();
            clients().aci().getLocations().listUsage(location, Context.NONE).forEach(u -> {
                if (u.name() != null && u.name().value() != null && u.currentValue() != null && u.limit() != null) {
                    entries.put(u.name().value(), new long[]{u.currentValue(), u.limit()});
                }
            });
            return Optional.of(new RegionUsage(location, entries));
        }));
    }

    @Override
    public String timestampedLogs(String resourceGroup, String groupName, String containerName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(groupName, "groupName");
        requireText(containerName, "containerName");
        String operation = "GET logs " + resourceGroup + "/" + groupName + "/" + containerName + " (timestamps)";
        // The fluent ContainerGroup.getLogContent has no timestamps option (SDK 2.53.6); the inner client passes it.
        return retrier.run(operation, () -> call(operation, () -> {
            LogsInner logs = clients().aci().getContainers().listLogsWithResponse(resourceGroup, groupName,
                    containerName, null, true, Context.NONE).getValue();
            return logs == null || logs.content() == null ? "" : logs.content();
        }));
    }

    @Override
    public void stop(String resourceGroup, String groupName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(groupName, "groupName");
        String operation = "POST stop " + resourceGroup + "/" + groupName;
        retrier.run(operation, () -> call(operation, () -> clients().aci().getContainerGroups()
                .stopWithResponse(resourceGroup, groupName, Context.NONE).getStatusCode()));
    }

    @Override
    public GroupDeletion deleteGroup(String resourceGroup, String groupName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(groupName, "groupName");
        String operation = "DELETE containerGroup " + resourceGroup + "/" + groupName;
        return retrier.run(operation, () -> call(operation, () -> {
            try {
                // 200 with the deleted group, 202 "Delete started", 204 "not found" (containerInstance.json
                // 2023-05-01). The delete is not polled here: callers look at the group again later.
                int status = statusOf(clients().aci().getContainerGroups()
                        .deleteWithResponseAsync(resourceGroup, groupName).block());
                return switch (status) {
                    case 204 -> GroupDeletion.ALREADY_GONE;
                    case 202 -> GroupDeletion.IN_PROGRESS;
                    default -> GroupDeletion.DELETED;
                };
            } catch (RuntimeException e) {
                absentIfNotFound(operation, e); // throws unless the group is simply not there
                return GroupDeletion.ALREADY_GONE;
            }
        }));
    }

    @Override
    public boolean deleteDeployment(String resourceGroup, String deploymentName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(deploymentName, "deploymentName");
        String operation = "DELETE deployment " + resourceGroup + "/" + deploymentName;
        return retrier.run(operation, () -> call(operation, () -> {
            try {
                int status = statusOf(clients().deployments().deleteWithResponseAsync(resourceGroup, deploymentName)
                        .block());
                return status != 204;
            } catch (RuntimeException e) {
                return absentIfNotFound(operation, e).isPresent();
            }
        }));
    }

    @Override
    public boolean cancelDeployment(String resourceGroup, String deploymentName) {
        requireText(resourceGroup, "resourceGroup");
        requireText(deploymentName, "deploymentName");
        String operation = "POST cancel deployment " + resourceGroup + "/" + deploymentName;
        return retrier.run(operation, () -> {
            try {
                call(operation, () -> clients().deployments().cancelWithResponse(resourceGroup, deploymentName,
                        Context.NONE).getStatusCode());
                return true;
            } catch (ArmConflictException notRunning) {
                // Only Accepted or Running deployments can be canceled: it finished (or was canceled) meanwhile.
                LOG.info(JobLog.currentJob(), JobLog.currentStep("arm"), () -> operation + ": not running any more ("
                        + notRunning.code() + ")");
                return false;
            } catch (ResourceNotFoundException gone) {
                if (gone instanceof ResourceGroupNotFoundException) {
                    throw gone;
                }
                return false;
            }
        });
    }

    @Override
    public List<GroupSummary> listGroups(String resourceGroup, String tagName, String tagValueOrNull) {
        requireText(resourceGroup, "resourceGroup");
        requireText(tagName, "tagName");
        String operation = "LIST containerGroups " + resourceGroup;
        return retrier.run(operation, () -> call(operation, () -> {
            List<GroupSummary> groups = new ArrayList<>();
            for (ContainerGroupInner inner : clients().aci().getContainerGroups()
                    .listByResourceGroup(resourceGroup, Context.NONE)) {
                GroupSummary summary = AciMapping.toSummary(inner);
                String value = summary.tags().get(tagName);
                if (value != null && (tagValueOrNull == null || tagValueOrNull.equals(value))) {
                    groups.add(summary);
                }
            }
            return List.copyOf(groups);
        }));
    }

    private DeploymentStatus putDeployment(String resourceGroup, String deploymentName, DeploymentInner body) {
        Response<Flux<ByteBuffer>> response = clients().deployments()
                .createOrUpdateWithResponseAsync(resourceGroup, deploymentName, body).block();
        if (response == null) {
            throw new TransientArmException("PUT deployment " + deploymentName + " returned no response",
                    "NoResponse", 0, Optional.empty(), null);
        }
        byte[] bytes = FluxUtil.collectBytesInByteBufferStream(response.getValue()).block();
        if (bytes == null || bytes.length == 0) {
            return new DeploymentStatus(deploymentName, "Accepted", Optional.empty(), Optional.empty());
        }
        try (JsonReader reader = JsonProviders.createReader(bytes)) {
            return AciMapping.toDeploymentStatus(deploymentName, DeploymentExtendedInner.fromJson(reader));
        } catch (IOException e) {
            throw new ArmException("PUT deployment " + deploymentName + " returned a body that is not a deployment: "
                    + e.getMessage(), "UnreadableResponse", response.getStatusCode(), Optional.empty(), e);
        }
    }

    private Optional<DeploymentStatus> readDeployment(String resourceGroup, String deploymentName) {
        try {
            DeploymentExtendedInner inner = clients().deployments()
                    .getByResourceGroupWithResponse(resourceGroup, deploymentName, Context.NONE).getValue();
            return Optional.of(AciMapping.toDeploymentStatus(deploymentName, inner));
        } catch (RuntimeException e) {
            return absentIfNotFound("GET deployment " + resourceGroup + "/" + deploymentName, e);
        }
    }

    /** Empty for a missing resource; a missing resource group is a configuration error and is thrown. */
    private static <T> Optional<T> absentIfNotFound(String operation, RuntimeException e) {
        RuntimeException mapped = ArmErrorMapper.map(operation, e);
        if (mapped instanceof ResourceNotFoundException notFound && !"ResourceGroupNotFound".equals(notFound.code())) {
            return Optional.empty();
        }
        throw mapped;
    }

    private static int statusOf(Response<Flux<ByteBuffer>> response) {
        if (response == null) {
            return 204;
        }
        // Drain the body so the connection can be reused.
        FluxUtil.collectBytesInByteBufferStream(response.getValue()).block();
        return response.getStatusCode();
    }

    private static <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw ArmErrorMapper.map(operation, e);
        }
    }

    static DeploymentInner parseDeploymentBody(String json) {
        requireText(json, "deploymentBodyJson");
        try (JsonReader reader = JsonProviders.createReader(json)) {
            DeploymentInner inner = DeploymentInner.fromJson(reader);
            if (inner == null || inner.properties() == null || inner.properties().template() == null) {
                throw new IllegalArgumentException("deploymentBodyJson: expected {\"properties\":{\"mode\":"
                        + "\"Incremental\",\"template\":{...},\"parameters\":{...}}}; properties.template is missing");
            }
            return inner;
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("deploymentBodyJson: not a valid deployment body ("
                    + e.getMessage() + "); expected {\"properties\":{\"mode\":\"Incremental\",\"template\":{...},"
                    + "\"parameters\":{...}}}", e);
        }
    }

    private Clients clients() {
        Clients current = clients;
        if (current == null) {
            synchronized (this) {
                current = clients;
                if (current == null) {
                    current = buildClients(connectionSource.get(), options);
                    clients = current;
                }
            }
        }
        return current;
    }

    private static Clients buildClients(ArmConnection connection, ArmClientOptions options) {
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(options.responseTimeout())
                .responseTimeout(options.responseTimeout())
                .build();
        AzureEnvironment environment = AzureEnvironment.AZURE;
        String endpoint = connection.endpoint().map(URI::toString)
                .orElse(environment.getResourceManagerEndpoint()).replaceAll("/+$", "");
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy("aci-dispatch"));
        policies.add(new RequestIdPolicy());
        policies.add(new AddDatePolicy());
        connection.credential().ifPresent(credential -> policies.add(new ArmChallengeAuthenticationPolicy(credential,
                environment.getManagementEndpoint().replaceAll("/+$", "") + "/.default")));
        policies.add(new HttpLoggingPolicy(new HttpLogOptions()));
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http)
                .policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
        DeploymentsClient deployments = new DeploymentsManagementClientBuilder().pipeline(pipeline)
                .endpoint(endpoint).subscriptionId(connection.subscriptionId()).environment(environment)
                .buildClient().getDeployments();
        ContainerInstanceManagementClient aci = new ContainerInstanceManagementClientBuilder().pipeline(pipeline)
                .endpoint(endpoint).subscriptionId(connection.subscriptionId()).environment(environment)
                .buildClient();
        LOG.info(JobLog.NO_JOB, "arm", () -> "ARM clients ready for " + endpoint + (connection.credential().isPresent()
                ? "" : " (unauthenticated: emulator)"));
        return new Clients(deployments, aci);
    }

    private static Supplier<ArmConnection> supplierOf(ArmConnection connection) {
        return () -> connection;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The value for " + field + " must not be blank");
        }
    }
}
