package dev.acidispatch.testing;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Storage clients on Azurite that record every request they send, so a test or benchmark can count the storage
 * transactions a piece of work costs (each REST request is one billable transaction: Azure Storage bills per
 * operation). Each entry reads {@code "<service> <METHOD> <path>"}, without the query string (which may carry a SAS).
 */
public final class CountingStorage {
    private final List<String> requests = new ArrayList<>();
    private final TableServiceClient tables;
    private final QueueServiceClient queues;
    private final BlobServiceClient blobs;

    public CountingStorage(String connectionString) {
        HttpClient http = new JdkHttpClientBuilder().build();
        tables = new TableServiceClientBuilder().connectionString(connectionString).httpClient(http)
                .addPolicy(counter("table")).buildClient();
        queues = new QueueServiceClientBuilder().connectionString(connectionString).httpClient(http)
                .messageEncoding(QueueMessageEncoding.NONE).addPolicy(counter("queue")).buildClient();
        blobs = new BlobServiceClientBuilder().connectionString(connectionString).httpClient(http)
                .addPolicy(counter("blob")).buildClient();
    }

    /** On the suite's shared Azurite. */
    public static CountingStorage onAzurite() {
        return new CountingStorage(Azurite.shared().connectionString());
    }

    public TableServiceClient tables() {
        return tables;
    }

    public QueueServiceClient queues() {
        return queues;
    }

    public BlobServiceClient blobs() {
        return blobs;
    }

    /** How many requests were sent so far: a mark to pass to {@link #since}. */
    public synchronized int mark() {
        return requests.size();
    }

    /** The requests sent after {@code mark}, oldest first. */
    public synchronized List<String> since(int mark) {
        return List.copyOf(requests.subList(mark, requests.size()));
    }

    private HttpPipelineSyncPolicy counter(String service) {
        return new HttpPipelineSyncPolicy() {
            @Override
            protected void beforeSendingRequest(HttpPipelineCallContext context) {
                HttpRequest request = context.getHttpRequest();
                record(service + " " + request.getHttpMethod().name().toUpperCase(Locale.ROOT) + " "
                        + request.getUrl().getPath());
            }
        };
    }

    private synchronized void record(String request) {
        requests.add(request);
    }
}
