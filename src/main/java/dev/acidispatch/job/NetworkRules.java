package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/** Where the container group sits on the network: the virtual network {@code subnetIds} and its {@code dnsServers}. */
final class NetworkRules implements FieldRules {
    static final String SUBNET_ID_SHAPE =
            "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>";

    private static final Pattern SUBNET_ID = Pattern.compile(JobLimits.SUBNET_ID_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("subnetIds", "dnsServers");
    }

    @Override
    public void check(MessageFields message) {
        ResourceIdLists.check(message, "subnetIds", SUBNET_ID, JobLimits.MAX_SUBNETS, SUBNET_ID_SHAPE);
        message.array("dnsServers").ifPresent(servers -> dnsServers(message, servers));
    }

    private static void dnsServers(MessageFields message, JsonNode array) {
        if (array.size() > JobLimits.MAX_DNS_SERVERS) {
            message.error("$.dnsServers", "has " + array.size() + " entries; at most " + JobLimits.MAX_DNS_SERVERS
                    + " name servers are used");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || !IpLiterals.isIpAddress(item.asText())) {
                message.error(JsonPaths.index("$.dnsServers", i), (item.isTextual() ? quote(item.asText()) : kind(item))
                        + " is not an IP address; give name servers as IPv4 or IPv6 literals, e.g. 10.0.0.4");
            }
        }
        if (!array.isEmpty() && !message.has("subnetIds")) {
            message.error("$.dnsServers", "needs subnetIds: ACI applies custom DNS servers only to container groups "
                    + "in a virtual network; add subnetIds or remove dnsServers");
        }
    }
}
