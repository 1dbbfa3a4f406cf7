package dev.acidispatch.arm;

import com.azure.core.credential.TokenCredential;
import dev.acidispatch.config.Settings;
import dev.acidispatch.emulator.ArmEmulator;
import dev.acidispatch.emulator.Route;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

class FromSettingsTest {

    @Test
    void armEndpointSettingPointsTheAdapterAtTheEmulatorLazily() {
        try (ArmEmulator emulator = ArmEmulator.builder().start()) {
            ContainerGroups arm = AzureContainerGroups.fromSettings(Settings.from(Map.of(
                    Settings.Names.ARM_ENDPOINT, emulator.endpoint().toString())));
            assertEquals(0, emulator.requestLog().entries().size(), "nothing is called before first use");

            assertTrue(arm.getGroup("aci-dispatch-jobs", "absent").isEmpty());
            assertEquals(1, emulator.requestLog().count(Route.GROUP_GET));
        }
    }

    @Test
    void connectionRefusesCombinationsThatCannotWork() {
        TokenCredential credential = mock(TokenCredential.class);
        IllegalArgumentException plainHttp = assertThrows(IllegalArgumentException.class, () -> new ArmConnection(
                "sub", Optional.of(URI.create("http://127.0.0.1:1")), Optional.of(credential)));
        assertTrue(plainHttp.getMessage().contains("plain http"), plainHttp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ArmConnection("sub", Optional.empty(),
                Optional.empty()));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> ArmConnection.publicCloud(" ", credential));
        assertTrue(blank.getMessage().contains("DISPATCH_SUBSCRIPTION_ID"));
    }
}
