package dev.acidispatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.acidispatch.job.ValueDescriptions.kind;
import static dev.acidispatch.job.ValueDescriptions.quote;

/**
 * The {@code ports} the job container exposes and the group's {@code ipAddress}. ARM's IpAddress requires its ports
 * (required "ports" and "type" in the 2023-05-01 schema), so an address needs ports. Private addresses live in the
 * job's subnet; a group in a virtual network cannot have a public IP or DNS label, and a Spot group gets no public IP
 * (container-instances-virtual-network-concepts, container-instances-spot-containers-overview). At most 5 ports
 * ("Ports per IP", ACI's hard limits).
 */
final class IpAddressRules implements FieldRules {
    static final List<String> PORT_FIELDS = List.of("port", "protocol");
    static final List<String> IP_ADDRESS_FIELDS = List.of("type", "dnsNameLabel");
    private static final Pattern DNS_NAME_LABEL = Pattern.compile(JobLimits.DNS_NAME_LABEL_PATTERN);

    @Override
    public List<String> fields() {
        return List.of("ports", "ipAddress");
    }

    @Override
    public void check(MessageFields message) {
        message.array("ports").ifPresent(ports -> ports(message, ports));
        message.object("ipAddress").ifPresent(address -> ipAddress(message, address));
    }

    private static void ports(MessageFields message, JsonNode ports) {
        if (ports.isEmpty()) {
            message.error("$.ports", "is empty; omit ports, or list them, e.g. [{\"port\": 8080}]");
        }
        if (ports.size() > JobLimits.MAX_PORTS) {
            message.error("$.ports", "has " + ports.size() + " ports; ACI allows at most " + JobLimits.MAX_PORTS
                    + " per IP address");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            String path = JsonPaths.index("$.ports", i);
            JsonNode port = ports.get(i);
            if (!port.isObject()) {
                message.error(path, "must be a JSON object {\"port\": <1-65535>, \"protocol\"?: \"TCP\"|\"UDP\"}, got "
                        + kind(port));
                continue;
            }
            message.unknownFields((ObjectNode) port, path, PORT_FIELDS);
            JsonNode number = port.get("port");
            String portPath = JsonPaths.child(path, "port");
            boolean valid = number != null && number.isIntegralNumber() && number.canConvertToInt()
                    && number.intValue() >= 1 && number.intValue() <= 65535;
            if (!valid) {
                message.error(portPath, (number == null ? "required" : (number.isNumber() ? number.asText()
                        : kind(number)) + " is not a port number") + "; give a whole number from 1 to 65535");
            }
            Optional<String> protocol = port.has("protocol")
                    ? ChoiceChecks.oneOf(message, port.get("protocol"), JsonPaths.child(path, "protocol"),
                    JobLimits.PROTOCOLS, "a protocol", "")
                    : Optional.of(Port.DEFAULT_PROTOCOL);
            if (valid && protocol.isPresent() && !seen.add(number.intValue() + "/" + protocol.get())) {
                message.error(path, "port " + number.intValue() + "/" + protocol.get() + " is listed twice; list "
                        + "each port once");
            }
        }
    }

    private static void ipAddress(MessageFields message, ObjectNode address) {
        message.unknownFields(address, "$.ipAddress", IP_ADDRESS_FIELDS);
        JsonNode typeNode = address.get("type");
        Optional<String> type = Optional.empty();
        if (typeNode == null) {
            message.error("$.ipAddress.type", "required; Public (reachable from the internet) or Private (in the "
                    + "job's subnet)");
        } else {
            type = ChoiceChecks.oneOf(message, typeNode, "$.ipAddress.type", JobLimits.IP_ADDRESS_TYPES,
                    "an IP address type", "");
        }
        if (!message.has("ports")) {
            message.error("$.ipAddress", "needs ports: ACI requires an IP address to list the ports it exposes; add "
                    + "\"ports\": [{\"port\": 80}] (the job container's ports are the address's)");
        }
        boolean inVnet = message.has("subnetIds");
        if (type.filter(IpAddress.PRIVATE::equals).isPresent() && !inVnet) {
            message.error("$.ipAddress.type", "Private needs subnetIds: a private address is one in the job's "
                    + "virtual network; add subnetIds or use Public");
        }
        if (type.filter(IpAddress.PUBLIC::equals).isPresent()) {
            if (inVnet) {
                message.error("$.ipAddress.type", "Public is not available with subnetIds: container groups in a "
                        + "virtual network cannot have a public IP address or DNS name label (an ACI limitation); "
                        + "use Private or remove subnetIds");
            }
            JsonNode priority = message.get("priority");
            if (priority != null && "Spot".equals(priority.asText())) {
                message.error("$.ipAddress.type", "Public is not available with priority Spot: ACI assigns Spot "
                        + "container groups no public IP address; remove ipAddress or use priority Regular");
            }
        }
        JsonNode label = address.get("dnsNameLabel");
        if (label != null) {
            String path = "$.ipAddress.dnsNameLabel";
            if (!label.isTextual() || !DNS_NAME_LABEL.matcher(label.asText()).matches()) {
                message.error(path, (label.isTextual() ? quote(label.asText()) : kind(label)) + " is not a valid DNS "
                        + "name label; ACI's rule: only lowercase letters, digits and hyphens, starting with a letter "
                        + "and ending with a letter or digit, 5 to 63 characters, e.g. \"etl-report-1\"");
            } else if (type.filter(IpAddress.PRIVATE::equals).isPresent()) {
                message.error(path, "applies only to a Public address (it names <label>.<region>.azurecontainer.io); "
                        + "remove dnsNameLabel or use type Public");
            }
        }
    }
}
