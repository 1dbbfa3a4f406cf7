package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The container group's IP address ({@code properties.ipAddress}): {@code Public} (optionally with a DNS name label,
 * giving {@code <label>.<region>.azurecontainer.io}) or {@code Private} (in the job's subnet). Its ports are the job's
 * {@code ports}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "dnsNameLabel"})
public record IpAddress(String type, String dnsNameLabel) {
    public static final String PUBLIC = "Public";
    public static final String PRIVATE = "Private";
}
