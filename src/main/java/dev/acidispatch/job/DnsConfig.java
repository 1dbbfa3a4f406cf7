package dev.acidispatch.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The group's DNS configuration ({@code properties.dnsConfig}); {@code dnsServers} is the short form of
 * {@code {"nameServers": [...]}}.
 *
 * @param searchDomains space-separated search domains, as ACI takes them (a string), or null
 * @param options       resolver options such as {@code ndots:2}, space-separated, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"nameServers", "searchDomains", "options"})
public record DnsConfig(List<String> nameServers, String searchDomains, String options) {
    public DnsConfig {
        nameServers = nameServers == null ? null : List.copyOf(nameServers);
    }
}
