package dev.acidispatch.emulator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {
    private static final String GROUP = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}"
            + "/providers/Microsoft.ContainerInstance/containerGroups/{group}";
    private final Router.Handler unknown = request -> Reply.empty(404);
    private final Router.Handler get = request -> Reply.empty(200);
    private final Router.Handler stop = request -> Reply.empty(204);
    private final Router router = new Router(unknown)
            .add("GET", GROUP, Route.GROUP_GET, get)
            .add("POST", GROUP + "/stop", Route.GROUP_STOP, stop);

    @Test
    void matchesMethodAndPathAndHandsOverTheNamedSegments() {
        Router.Match match = router.match("GET", "/subscriptions/s1/resourceGroups/jobs-rg/providers/"
                + "Microsoft.ContainerInstance/containerGroups/job-a");

        assertEquals(Route.GROUP_GET, match.route());
        assertSame(get, match.handler());
        assertEquals(Map.of("subscription", "s1", "resourceGroup", "jobs-rg", "group", "job-a"),
                match.pathParameters());
        assertEquals(Route.GROUP_STOP, router.match("POST", "/subscriptions/s1/resourceGroups/jobs-rg/providers/"
                + "Microsoft.ContainerInstance/containerGroups/job-a/stop").route());
    }

    @Test
    void literalPartsMatchInAnyCaseAndSegmentsArriveDecoded() {
        Router.Match match = router.match("GET", "/SUBSCRIPTIONS/s1/resourcegroups/jobs-rg/providers/"
                + "microsoft.containerinstance/CONTAINERGROUPS/job%2Da");

        assertEquals(Route.GROUP_GET, match.route());
        assertEquals("job-a", match.pathParameters().get("group"));
    }

    @Test
    void anotherMethodADeeperPathOrARegexLookalikeIsUnknown() {
        String path = "/subscriptions/s1/resourceGroups/jobs-rg/providers/Microsoft.ContainerInstance/"
                + "containerGroups/job-a";
        for (Router.Match match : new Router.Match[]{
                router.match("DELETE", path),
                router.match("GET", path + "/extra"),
                router.match("GET", path.replace("Microsoft.ContainerInstance", "MicrosoftXContainerInstance")),
                router.match("GET", "/subscriptions/s1/resourceGroups//providers/Microsoft.ContainerInstance/"
                        + "containerGroups/job-a")}) {
            assertEquals(Route.UNKNOWN, match.route());
            assertSame(unknown, match.handler());
            assertTrue(match.pathParameters().isEmpty());
        }
    }

    @Test
    void requestsReadTheParametersTheirRouteNamed() {
        Router.Match match = router.match("GET", "/subscriptions/s1/resourceGroups/jobs-rg/providers/"
                + "Microsoft.ContainerInstance/containerGroups/job-a");
        ArmRequest request = new ArmRequest(match.pathParameters(), Map.of(), new byte[0], Instant.EPOCH);

        assertEquals("jobs-rg", request.resourceGroup());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> request.path("deployment"));
        assertTrue(missing.getMessage().contains("{deployment}"), missing.getMessage());
    }

    @Test
    void aTableMistakeFailsWhenTheEntryIsAdded() {
        assertThrows(IllegalArgumentException.class, () -> router.add("GET", "/x", Route.UNKNOWN, get));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> router.add("GET", "/a/{name}/b/{name}", Route.LOGS, get));
        assertTrue(twice.getMessage().contains("{name} twice"), twice.getMessage());
    }
}
