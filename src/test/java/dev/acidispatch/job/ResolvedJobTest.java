package dev.acidispatch.job;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolvedJobTest {
    private static final String FULL = "{\"jobId\":\"etl-1\",\"image\":\"r.azurecr.io/etl:1.4\",\"command\":[\"python\",\"-m\",\"etl\"],"
            + "\"cpu\":2,\"memoryGb\":3.5,\"env\":{\"STAGE\":\"prod\"},"
            + "\"secureEnv\":{\"DB_PASSWORD\":\"sekrit-db-value\"},"
            + "\"registry\":{\"server\":\"r.azurecr.io\",\"username\":\"puller\",\"password\":\"sekrit-registry-value\"},"
            + "\"identities\":[\"" + TestJobs.IDENTITY + "\"],\"subnetIds\":[\"" + TestJobs.SUBNET + "\"],"
            + "\"dnsServers\":[\"10.0.0.4\"],\"tags\":{\"team\":\"data\"},\"priority\":\"Regular\",\"location\":\"northeurope\","
            + "\"resourceGroup\":\"jobs-rg\",\"startTimeoutSeconds\":120,\"timeoutSeconds\":900,\"keepContainerGroup\":true,"
            + "\"template\":\"etl-tuned\",\"variables\":{\"x\":[1,2.5,\"s\",null,{\"y\":true}]}}";

    @Test
    void toStringNeverShowsSecrets() {
        ResolvedJob job = TestJobs.resolve(FULL);
        JobMessage message = job.toMessage();
        for (String text : new String[]{job.toString(), message.toString(), message.registry().toString()}) {
            assertFalse(text.contains("sekrit"), text);
            assertTrue(text.contains("password=***"), text);
        }
        assertTrue(job.toString().contains("DB_PASSWORD=***"));
        assertTrue(message.toString().contains("DB_PASSWORD=***"));
    }

    @Test
    void toMessageRoundTripsThroughJsonToTheSameJob() {
        ResolvedJob job = TestJobs.resolve(FULL);
        String json = JobJson.write(job.toMessage());
        assertEquals(job, TestJobs.resolve(json));
        assertEquals(job.toMessage(), JobJson.read(json));
    }

    @Test
    void toMessageWritesDefaultsExplicitlySoAReenqueuedJobKeepsItsGeneratedId() {
        ResolvedJob job = TestJobs.resolve("{\"image\":\"busybox\"}");
        JobMessage message = job.toMessage();
        assertEquals(job.jobId(), message.jobId());
        assertEquals(600, message.startTimeoutSeconds());
        assertEquals("default", message.template());
        assertEquals(job, TestJobs.validator().resolve(JobJson.write(message)));
    }

    @Test
    void namesDeriveFromTheJobId() {
        ResolvedJob job = TestJobs.resolve(FULL);
        assertEquals("acid-etl-1", job.containerGroupName());
        assertEquals("acid-etl-1", job.deploymentName());
    }

    @Test
    void strictBindingRefusesCoercionAndUnknownFields() {
        assertThrows(IllegalArgumentException.class, () -> JobJson.read("{\"image\":\"x\",\"cpu\":\"1\"}"));
        assertThrows(IllegalArgumentException.class, () -> JobJson.read("{\"image\":\"x\",\"timeoutSeconds\":1.5}"));
        assertThrows(IllegalArgumentException.class, () -> JobJson.read("{\"image\":\"x\",\"keepContainerGroup\":\"true\"}"));
        assertThrows(IllegalArgumentException.class, () -> JobJson.read("{\"image\":\"x\",\"imagee\":\"y\"}"));
        assertEquals(1.0, JobJson.read("{\"image\":\"x\",\"cpu\":1}").cpu());
    }

    @Test
    void collectionsAreCopiedAndImmutable() {
        ResolvedJob job = TestJobs.resolve(FULL);
        assertThrows(UnsupportedOperationException.class, () -> job.env().put("X", "y"));
        assertThrows(UnsupportedOperationException.class, () -> job.command().add("x"));
        job.variables().put("mutated", 1);
        assertFalse(job.variables().has("mutated"));
    }
}
