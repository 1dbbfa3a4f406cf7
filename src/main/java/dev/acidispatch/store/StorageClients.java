package dev.acidispatch.store;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import dev.acidispatch.config.InvalidSettingsException;
import dev.acidispatch.config.Settings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the storage clients and adapters from {@link Settings}, the same way the Functions runtime connects:
 * <ul>
 *   <li>{@code AzureWebJobsStorage} = a connection string ({@code UseDevelopmentStorage=true}, Azurite's explicit
 *       endpoints, or an account key), which wins when both are set; or</li>
 *   <li>{@code AzureWebJobsStorage__accountName} = the account name, authenticated with {@code DefaultAzureCredential}
 *       (managed identity in Azure, developer login locally) against {@code https://<account>.<service>.core.windows.net}.</li>
 * </ul>
 * Every client runs on the JDK HTTP client (Netty is excluded from the build). Clients are created on first use and
 * then shared; they are thread-safe.
 */
public final class StorageClients {
    private static final Pattern ACCOUNT_NAME_RULE = Pattern.compile("^[a-z0-9]{3,24}$");

    private final Optional<String> connectionString;
    private final Optional<String> accountName;
    private final Lazy<HttpClient> httpClient = new Lazy<>(() -> new JdkHttpClientBuilder().build());
    private final Lazy<TokenCredential> credential;
    private final Lazy<TableServiceClient> tables;
    private final Lazy<QueueServiceClient> queues;
    private final Lazy<BlobServiceClient> blobs;

    private StorageClients(Optional<String> connectionString, Optional<String> accountName) {
        this.connectionString = connectionString;
        this.accountName = accountName;
        this.credential = new Lazy<>(() -> new DefaultAzureCredentialBuilder().httpClient(httpClient.get()).build());
        this.tables = new Lazy<>(this::buildTables);
        this.queues = new Lazy<>(this::buildQueues);
        this.blobs = new Lazy<>(this::buildBlobs);
    }

    /**
     * @throws InvalidSettingsException when neither storage variable is set, or the account name is malformed
     */
    public static StorageClients from(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.storageConnectionString().isPresent()) {
            return new StorageClients(settings.storageConnectionString(), Optional.empty());
        }
        if (settings.storageAccountName().isPresent()) {
            String account = settings.storageAccountName().get();
            if (!ACCOUNT_NAME_RULE.matcher(account).matches()) {
                throw new InvalidSettingsException(List.of(Settings.Names.STORAGE_ACCOUNT_NAME + ": '" + account
                        + "' is not a storage account name; expected 3 to 24 lowercase letters or digits"));
            }
            return new StorageClients(Optional.empty(), Optional.of(account));
        }
        throw new InvalidSettingsException(List.of(Settings.Names.STORAGE + " or " + Settings.Names.STORAGE_ACCOUNT_NAME
                + ": neither is set; set " + Settings.Names.STORAGE + " to a storage connection string"
                + " (UseDevelopmentStorage=true for Azurite) or " + Settings.Names.STORAGE_ACCOUNT_NAME
                + " to the storage account name to connect with a managed identity"));
    }

    /** Clients for an explicit connection string (tests, tools). */
    public static StorageClients fromConnectionString(String connectionString) {
        return from(Settings.from(java.util.Map.of(Settings.Names.STORAGE,
                Objects.requireNonNull(connectionString, "connectionString"))));
    }

    public TableServiceClient tables() {
        return tables.get();
    }

    public QueueServiceClient queues() {
        return queues.get();
    }

    public BlobServiceClient blobs() {
        return blobs.get();
    }

    /** The job store on table {@value TableJobStore#TABLE_NAME}. */
    public JobStore jobStore() {
        return new TableJobStore(tables());
    }

    /** The log store on container {@value BlobLogStore#CONTAINER_NAME}. */
    public LogStore logStore() {
        return new BlobLogStore(blobs());
    }

    /** The named queue, e.g. {@link QueueNames#JOBS}. */
    public MessageQueue queue(String name) {
        return new StorageQueue(queues(), name);
    }

    /** Where the clients connect, without secrets: for logs and error messages. */
    public String describe() {
        return accountName.map(a -> "storage account '" + a + "' (managed identity)")
                .orElseGet(() -> "storage at " + tables().getServiceEndpoint() + " (connection string)");
    }

    private TableServiceClient buildTables() {
        TableServiceClientBuilder builder = new TableServiceClientBuilder().httpClient(httpClient.get());
        if (connectionString.isPresent()) {
            return withConnectionString(() -> builder.connectionString(connectionString.get()).buildClient());
        }
        return builder.endpoint(endpoint("table")).credential(credential.get()).buildClient();
    }

    private QueueServiceClient buildQueues() {
        QueueServiceClientBuilder builder = new QueueServiceClientBuilder().httpClient(httpClient.get())
                .messageEncoding(QueueMessageEncoding.NONE);
        if (connectionString.isPresent()) {
            return withConnectionString(() -> builder.connectionString(connectionString.get()).buildClient());
        }
        return builder.endpoint(endpoint("queue")).credential(credential.get()).buildClient();
    }

    private BlobServiceClient buildBlobs() {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().httpClient(httpClient.get());
        if (connectionString.isPresent()) {
            return withConnectionString(() -> builder.connectionString(connectionString.get()).buildClient());
        }
        return builder.endpoint(endpoint("blob")).credential(credential.get()).buildClient();
    }

    private String endpoint(String service) {
        return "https://" + accountName.orElseThrow() + "." + service + ".core.windows.net";
    }

    /** The SDK's parse errors may quote the connection string, which holds the account key: never pass them on. */
    private static <T> T withConnectionString(Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            // Any parse failure (the tables SDK wraps a malformed endpoint's URISyntaxException in a bare
            // RuntimeException) is a settings error, reported without the value.
            throw new InvalidSettingsException(List.of(Settings.Names.STORAGE + ": not a usable storage connection"
                    + " string (value not shown); expected UseDevelopmentStorage=true or"
                    + " DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...[;BlobEndpoint=...;QueueEndpoint=...;"
                    + "TableEndpoint=...] (" + e.getClass().getSimpleName() + ")"));
        }
    }

    /** Memoizes a supplier; a failed creation is retried on the next call. */
    private static final class Lazy<T> {
        private final Supplier<T> supplier;
        private volatile T value;

        Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        T get() {
            T result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        result = Objects.requireNonNull(supplier.get());
                        value = result;
                    }
                }
            }
            return result;
        }
    }
}
