package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * The group's {@code dnsConfig} {nameServers, searchDomains?, options?} (ACI's DnsConfiguration). {@code dnsServers}
 * stays as the short form of {@code {"nameServers": [...]}}; giving both is an error. Like dnsServers, it needs
 * subnetIds: ACI applies custom DNS only to groups in a virtual network.
 */
final class DnsConfigRules implements FieldRules {
    static final List<String> DNS_CONFIG_FIELDS = List.of("nameServers", "searchDomains", "options");
    private static final Pattern SEARCH_DOMAINS = Pattern.compile(JobLimits.SEARCH_DOMAINS_PATTERN);
    private static final Pattern OPTIONS = Pattern.compile(JobLimits.DNS_OPTIONS_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("dnsConfig");
    }

    @Override
    public void check(MessageFields message) {
        message.object("dnsConfig").ifPresent(config -> dnsConfig(message, config));
    }

    private static void dnsConfig(MessageFields message, ObjectNode config) {
        message.unknownFields(config, "$.dnsConfig", DNS_CONFIG_FIELDS);
        if (message.has("dnsServers")) {
            message.error("$.dnsConfig", "dnsServers is given too; dnsServers is the short form of dnsConfig."
                    + "nameServers: keep one of them (move the servers into dnsConfig.nameServers)");
        }
        JsonNode servers = config.get("nameServers");
        if (servers == null || !servers.isArray() || servers.isEmpty()) {
            message.error("$.dnsConfig.nameServers", (servers == null ? "required" : "must be a non-empty array of IP "
                    + "addresses, got " + (servers.isArray() ? "an empty array" : kind(servers)))
                    + "; ACI's dnsConfig needs its name servers, e.g. [\"10.0.0.4\"]");
        } else {
            if (servers.size() > JobLimits.MAX_DNS_SERVERS) {
                message.error("$.dnsConfig.nameServers", "has " + servers.size() + " entries; at most "
                        + JobLimits.MAX_DNS_SERVERS + " name servers are used");
            }
            for (int i = 0; i < servers.size(); i++) {
                JsonNode item = servers.get(i);
                if (!item.isTextual() || !IpLiterals.isIpAddress(item.asText())) {
                    message.error(JsonPaths.index("$.dnsConfig.nameServers", i), (item.isTextual()
                            ? quote(item.asText()) : kind(item)) + " is not an IP address; give name servers as IPv4 "
                            + "or IPv6 literals, e.g. 10.0.0.4");
                }
            }
        }
        text(message, config.get("searchDomains"), "$.dnsConfig.searchDomains", SEARCH_DOMAINS,
                JobLimits.MAX_SEARCH_DOMAINS_LENGTH, "domain names separated by single spaces, e.g. "
                        + "\"corp.example.com example.com\"");
        text(message, config.get("options"), "$.dnsConfig.options", OPTIONS, JobLimits.MAX_DNS_OPTIONS_LENGTH,
                "resolver options separated by single spaces, e.g. \"ndots:2 rotate\"");
        if (!message.has("subnetIds")) {
            message.error("$.dnsConfig", "needs subnetIds: ACI applies custom DNS settings only to container groups "
                    + "in a virtual network; add subnetIds or remove dnsConfig");
        }
    }

    private static void text(MessageFields message, JsonNode node, String path, Pattern pattern, int max, String what) {
        if (node == null) {
            return;
        }
        if (!node.isTextual() || node.asText().length() > max || !pattern.matcher(node.asText()).matches()) {
            message.error(path, (node.isTextual() ? quote(node.asText()) : kind(node)) + " is not valid; give "
                    + what + ", at most " + max + " characters");
        }
    }
}
