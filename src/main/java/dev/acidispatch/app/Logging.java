package dev.acidispatch.app;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Known harmless library noise, silenced once for the app and the CLI. */
public final class Logging {
    /**
     * azure-core's JDK HTTP client warns on every request that it drops the content-length header it is handed, which
     * java.net.http computes itself. Strong references: java.util.logging holds loggers weakly and would forget the level.
     */
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient"));

    private Logging() {
    }

    public static void quietKnownNoise() {
        QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    }
}
