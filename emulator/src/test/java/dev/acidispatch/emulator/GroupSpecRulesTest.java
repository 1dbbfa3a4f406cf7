package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator refuses the container groups ACI refuses, each problem with a code and ACI's wording where known. */
class GroupSpecRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> codes(String properties) throws IOException {
        return GroupSpecRules.problems("g", JSON.readTree(properties)).stream().map(p -> p.get("code").asText())
                .toList();
    }

    private static String container(String name, String mounts) {
        return "{\"name\":\"" + name + "\",\"properties\":{\"image\":\"busybox\",\"volumeMounts\":" + mounts
                + ",\"resources\":{\"requests\":{\"cpu\":1,\"memoryInGB\":1}}}}";
    }

    @Test
    void aValidMultiContainerGroupHasNoProblems() throws IOException {
        assertEquals(List.of(), codes("{\"osType\":\"Linux\",\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}},"
                + "{\"name\":\"s\",\"secret\":{\"f\":\"aGVsbG8=\"}}],\"initContainers\":[{\"name\":\"i\",\"properties\":"
                + "{\"image\":\"busybox\",\"volumeMounts\":[{\"name\":\"v\",\"mountPath\":\"/v\"}]}}],"
                + "\"containers\":[" + container("job", "[{\"name\":\"v\",\"mountPath\":\"/v\"}]") + ","
                + container("side", "[{\"name\":\"s\",\"mountPath\":\"/s\"}]") + "],"
                + "\"ipAddress\":{\"type\":\"Public\",\"ports\":[{\"port\":80}],\"dnsNameLabel\":\"my-job\"}}"));
    }

    @Test
    void namesMustBeUniqueAndMountsMustNameAVolume() throws IOException {
        List<ObjectNode> problems = GroupSpecRules.problems("g", JSON.readTree("{\"volumes\":[{\"name\":\"v\","
                + "\"emptyDir\":{}},{\"name\":\"v\",\"emptyDir\":{}}],\"initContainers\":[{\"name\":\"job\","
                + "\"properties\":{\"image\":\"busybox\"}}],\"containers\":[" + container("job",
                "[{\"name\":\"missing\",\"mountPath\":\"/c:/x\"}]") + "]}"));
        assertEquals(List.of("DuplicateContainerNames", "DuplicateVolumes", "VolumeMountNotFound",
                "InvalidVolumeMountPath"), problems.stream().map(p -> p.get("code").asText()).toList());
        assertEquals("Duplicate volumes 'v' are found.", problems.get(1).get("message").asText());
        assertEquals("The volume mount path cannot contain ':'.", problems.get(3).get("message").asText());
    }

    @Test
    void volumesHaveOneKindAndSecretsAreBase64() throws IOException {
        assertEquals(List.of("InvalidVolume", "InvalidVolume", "InvalidVolume"), codes("{\"volumes\":["
                + "{\"name\":\"a\"},{\"name\":\"b\",\"secret\":{\"f\":\"not base64!\"}},"
                + "{\"name\":\"c\",\"azureFile\":{\"shareName\":\"s\"}}],\"containers\":[]}"));
    }

    @Test
    void addressesNeedPortsAndValidLabels() throws IOException {
        List<ObjectNode> problems = GroupSpecRules.problems("g", JSON.readTree(
                "{\"ipAddress\":{\"type\":\"Public\",\"dnsNameLabel\":\"node\"},\"containers\":[]}"));
        assertEquals(List.of("MissingIpAddressPorts", "InvalidDnsNameLabel"),
                problems.stream().map(p -> p.get("code").asText()).toList());
        assertTrue(problems.get(1).get("message").asText().contains("between 5 and 63 characters"));
    }

    @Test
    void windowsGroupsGetNoVnetNoSecondContainerAndNoVolumes() throws IOException {
        JsonNode windows = JSON.readTree("{\"osType\":\"Windows\",\"subnetIds\":[{\"id\":\"/s\"}],\"volumes\":[{\"name\":"
                + "\"v\",\"emptyDir\":{}}],\"containers\":[" + container("job", "[]") + "," + container("b", "[]") + "]}");
        List<ObjectNode> problems = GroupSpecRules.problems("g", windows);
        assertEquals(3, problems.size(), problems::toString);
        assertTrue(problems.stream().allMatch(p -> p.get("code").asText().equals("UnsupportedWindowsFeature")));
        assertTrue(problems.get(0).get("message").asText().contains("virtual network"));
        assertTrue(problems.get(1).get("message").asText().contains("multi-container"));
        assertTrue(problems.get(2).get("message").asText().contains("volume"));
    }

    @Test
    void initContainersCannotExposePorts() throws IOException {
        assertEquals(List.of("InvalidInitContainer"), codes("{\"initContainers\":[{\"name\":\"i\",\"properties\":"
                + "{\"image\":\"busybox\",\"ports\":[{\"port\":80}]}}],\"containers\":[]}"));
    }
}
