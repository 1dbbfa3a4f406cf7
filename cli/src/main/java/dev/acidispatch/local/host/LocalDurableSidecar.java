package dev.acidispatch.local.host;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationState;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RaiseEventRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RaiseEventResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.TaskHubSidecarServiceGrpc;
import dev.acidispatch.local.durable.InProcessDurableRunner;
import dev.acidispatch.local.durable.InstanceState;
import dev.acidispatch.local.durable.StartOutcome;
import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Durable extension's local gRPC endpoint, on the in-process runner. In Azure, {@code @DurableClientInput} gives a
 * function a {@code DurableClientContext} whose {@code getClient()} opens a gRPC channel to an endpoint the Durable
 * extension serves inside the host (TaskHubSidecarService). This serves the calls the app's client makes there
 * (start, raise event, get instance) on the {@link InProcessDurableRunner}, so the Functions classes use the real
 * client code locally too. As the extension does by default ({@code overridableExistingInstanceStates:
 * NonRunningStates}), a start for an instance that is still running is refused ({@code ALREADY_EXISTS}).
 */
public final class LocalDurableSidecar implements AutoCloseable {
    private final InProcessDurableRunner runner;
    private final Server server;
    private final AtomicInteger openConnections = new AtomicInteger();

    private LocalDurableSidecar(InProcessDurableRunner runner) {
        this.runner = runner;
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new Service())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        openConnections.incrementAndGet();
                        return attributes;
                    }

                    @Override
                    public void transportTerminated(Attributes attributes) {
                        openConnections.decrementAndGet();
                    }
                })
                .build();
    }

    /** Starts serving on a free loopback port. */
    public static LocalDurableSidecar start(InProcessDurableRunner runner) {
        LocalDurableSidecar sidecar = new LocalDurableSidecar(runner);
        try {
            sidecar.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local Durable endpoint", e);
        }
        return sidecar;
    }

    public int port() {
        return server.getPort();
    }

    /** Client connections open right now (each leaked client keeps one). */
    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Service extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase {
        @Override
        public void startInstance(CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> response) {
            String input = request.hasInput() ? request.getInput().getValue() : null;
            StartOutcome outcome;
            try {
                outcome = runner.scheduleNewSerialized(request.getName(), request.getInstanceId(), input);
            } catch (IllegalArgumentException e) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            if (outcome == StartOutcome.ALREADY_RUNNING) {
                response.onError(Status.ALREADY_EXISTS.withDescription("An orchestration with instance ID '"
                        + request.getInstanceId() + "' already exists and is running").asRuntimeException());
                return;
            }
            response.onNext(CreateInstanceResponse.newBuilder().setInstanceId(request.getInstanceId()).build());
            response.onCompleted();
        }

        @Override
        public void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> response) {
            String payload = request.hasInput() ? request.getInput().getValue() : null;
            if (!runner.raiseEventSerialized(request.getInstanceId(), request.getName(), payload)) {
                response.onError(Status.NOT_FOUND.withDescription("No running instance '" + request.getInstanceId()
                        + "'").asRuntimeException());
                return;
            }
            response.onNext(RaiseEventResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void getInstance(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
            Optional<InstanceState> state = runner.getState(request.getInstanceId());
            GetInstanceResponse.Builder answer = GetInstanceResponse.newBuilder().setExists(state.isPresent());
            state.ifPresent(s -> answer.setOrchestrationState(toProto(s, request.getGetInputsAndOutputs())));
            response.onNext(answer.build());
            response.onCompleted();
        }
    }

    private static OrchestrationState toProto(InstanceState s, boolean withOutputs) {
        OrchestrationState.Builder state = OrchestrationState.newBuilder()
                .setInstanceId(s.instanceId())
                .setName(s.orchestratorName())
                .setOrchestrationStatus(toProto(s.runtimeStatus()))
                .setCreatedTimestamp(DataConverter.getTimestampFromInstant(s.createdAt()))
                .setLastUpdatedTimestamp(DataConverter.getTimestampFromInstant(s.lastUpdatedAt()));
        if (withOutputs && s.serializedOutput() != null) {
            state.setOutput(StringValue.of(s.serializedOutput()));
        }
        if (s.serializedCustomStatus() != null) {
            state.setCustomStatus(StringValue.of(s.serializedCustomStatus()));
        }
        if (s.failure() != null) {
            state.setFailureDetails(TaskFailureDetails.newBuilder()
                    .setErrorType(s.failure().errorType())
                    .setErrorMessage(s.failure().errorMessage()));
        }
        return state.build();
    }

    private static OrchestrationStatus toProto(OrchestrationRuntimeStatus status) {
        return switch (status) {
            case RUNNING -> OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
            case COMPLETED -> OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
            case CONTINUED_AS_NEW -> OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW;
            case FAILED -> OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
            case CANCELED -> OrchestrationStatus.ORCHESTRATION_STATUS_CANCELED;
            case TERMINATED -> OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED;
            case PENDING -> OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
            case SUSPENDED -> OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
        };
    }
}
