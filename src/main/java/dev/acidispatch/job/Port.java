package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A port the job's container exposes ({@code containers[].properties.ports[]}), and the group's IP address too when
 * {@code ipAddress} is set ({@code ipAddress.ports[]}).
 *
 * @param protocol {@code TCP} or {@code UDP}; null means TCP
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"port", "protocol"})
public record Port(Integer port, String protocol) {
    public static final String DEFAULT_PROTOCOL = "TCP";

    public String protocolOrDefault() {
        return protocol == null ? DEFAULT_PROTOCOL : protocol;
    }
}
