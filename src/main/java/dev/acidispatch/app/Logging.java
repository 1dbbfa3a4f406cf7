package dev.acidispatch.app;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Known harmless library noise, silenced once for the app and the CLI. */
public final class Logging {
    /**
     * <ul>
     * <li>azure-core's JDK HTTP client warns on every request that it drops the content-length header it is handed,
     * which java.net.http computes itself.</li>
     * <li>The tables client logs every 404 and 409 as SEVERE before throwing, but for the job store those are answers
     * (absent record, create-if-absent lost a race), not errors; real failures still surface as exceptions, which the
     * Functions host logs. Left on, operators alerting on errors would be paged for normal traffic.</li>
     * </ul>
     * The map holds the loggers strongly: java.util.logging keeps loggers weakly and would forget the levels.
     */
    private static final Map<Logger, Level> QUIETED = Map.of(
            Logger.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient"), Level.SEVERE,
            Logger.getLogger("com.azure.data.tables"), Level.OFF);

    private Logging() {
    }

    public static void quietKnownNoise() {
        QUIETED.forEach(Logger::setLevel);
    }
}
