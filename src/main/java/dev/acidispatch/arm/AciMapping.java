package dev.acidispatch.arm;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerPropertiesInstanceView;
import com.azure.resourcemanager.containerinstance.models.ContainerState;
import com.azure.resourcemanager.containerinstance.models.Event;
import com.azure.resourcemanager.containerinstance.models.InitContainerDefinition;
import com.azure.resourcemanager.containerinstance.models.InitContainerPropertiesDefinitionInstanceView;
import com.azure.resourcemanager.resources.fluent.models.DeploymentExtendedInner;
import com.azure.resourcemanager.resources.models.DeploymentPropertiesExtended;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SDK inner models to this package's records; no SDK type escapes the adapter. */
final class AciMapping {
    private AciMapping() {
    }

    static DeploymentStatus toDeploymentStatus(String requestedName, DeploymentExtendedInner inner) {
        DeploymentPropertiesExtended properties = inner.properties();
        String name = inner.name() != null ? inner.name() : requestedName;
        if (properties == null) {
            return new DeploymentStatus(name, "", Optional.empty(), Optional.empty());
        }
        String state = properties.provisioningState() == null ? "" : properties.provisioningState().toString();
        return new DeploymentStatus(name, state,
                Optional.ofNullable(properties.error()).map(ArmErrorMapper::toArmError),
                instant(properties.timestamp()));
    }

    static GroupStatus toGroupStatus(ContainerGroupInner inner) {
        List<GroupEvent> events = new ArrayList<>();
        Optional<String> instanceState = Optional.empty();
        if (inner.instanceView() != null) {
            instanceState = Optional.ofNullable(inner.instanceView().state()).filter(s -> !s.isBlank());
            events.addAll(toEvents(inner.instanceView().events()));
        }
        List<ContainerStatus> containers = new ArrayList<>();
        if (inner.containers() != null) {
            for (Container container : inner.containers()) {
                containers.add(toContainerStatus(container));
                if (container.instanceView() != null) {
                    events.addAll(toEvents(container.instanceView().events()));
                }
            }
        }
        List<ContainerStatus> initContainers = new ArrayList<>();
        if (inner.initContainers() != null) {
            for (InitContainerDefinition init : inner.initContainers()) {
                InitContainerPropertiesDefinitionInstanceView view = init.instanceView();
                initContainers.add(toContainerStatus(init.name(), view == null ? null : view.currentState(),
                        view == null ? null : view.previousState(), view == null ? null : view.restartCount()));
                if (view != null) {
                    events.addAll(toEvents(view.events()));
                }
            }
        }
        return new GroupStatus(inner.name(), inner.provisioningState(), instanceState, tags(inner.tags()),
                containers, events, initContainers);
    }

    static GroupSummary toSummary(ContainerGroupInner inner) {
        return new GroupSummary(inner.name(), tags(inner.tags()), inner.provisioningState());
    }

    private static ContainerStatus toContainerStatus(Container container) {
        ContainerPropertiesInstanceView view = container.instanceView();
        return toContainerStatus(container.name(), view == null ? null : view.currentState(),
                view == null ? null : view.previousState(), view == null ? null : view.restartCount());
    }

    private static ContainerStatus toContainerStatus(String name, ContainerState current, ContainerState previous,
                                                     Integer restartCount) {
        int restarts = restartCount == null ? 0 : restartCount;
        Optional<PreviousState> previousState = Optional.ofNullable(previous)
                .filter(p -> p.state() != null || p.exitCode() != null)
                .map(p -> new PreviousState(Optional.ofNullable(p.state()).filter(s -> !s.isBlank()),
                        Optional.ofNullable(p.exitCode()), instant(p.finishTime()),
                        Optional.ofNullable(p.detailStatus())));
        if (current == null) {
            return new ContainerStatus(name, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), restarts, previousState);
        }
        return new ContainerStatus(name,
                Optional.ofNullable(current.state()).filter(s -> !s.isBlank()),
                Optional.ofNullable(current.exitCode()),
                instant(current.startTime()),
                instant(current.finishTime()),
                Optional.ofNullable(current.detailStatus()).filter(s -> !s.isBlank()),
                restarts, previousState);
    }

    private static List<GroupEvent> toEvents(List<Event> events) {
        if (events == null) {
            return List.of();
        }
        return events.stream().map(e -> new GroupEvent(e.type(), e.name(), e.message(),
                e.count() == null ? 1 : e.count(), instant(e.lastTimestamp()))).toList();
    }

    private static Map<String, String> tags(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }

    private static Optional<Instant> instant(OffsetDateTime time) {
        return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
    }
}
