package dev.acidispatch.cli.doctor;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference split as Docker splits it (distribution/reference, "normalize.go"): the first path component is
 * the registry when it has a dot or a port or is {@code localhost}; otherwise the image is on Docker Hub
 * ({@code registry-1.docker.io}), where a one-part name lives under {@code library/}. The tag defaults to
 * {@code latest}; a digest ({@code @sha256:...}) wins over a tag.
 *
 * @param registry   host[:port] to call
 * @param repository the repository path on that registry
 * @param reference  the tag or digest to look up
 */
public record ImageReference(String registry, String repository, String reference) {
    static final String DOCKER_HUB = "registry-1.docker.io";
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
            + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(reference, "reference");
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code image} */
    public static ImageReference parse(String image) {
        if (image == null || image.isBlank() || !image.strip().equals(image)) {
            throw new IllegalArgumentException("--image: expected an image reference such as"
                    + " myregistry.azurecr.io/etl:1.4 or busybox");
        }
        String rest = image;
        String reference = "latest";
        int at = rest.indexOf('@');
        if (at >= 0) {
            reference = rest.substring(at + 1);
            rest = rest.substring(0, at);
        } else {
            int slash = rest.lastIndexOf('/');
            int colon = rest.lastIndexOf(':');
            if (colon > slash) {
                reference = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int firstSlash = rest.indexOf('/');
        if (firstSlash > 0) {
            String first = rest.substring(0, firstSlash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.toLowerCase(Locale.ROOT);
                repository = rest.substring(firstSlash + 1);
            }
        }
        if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (!REPOSITORY.matcher(repository).matches() || reference.isEmpty()) {
            throw new IllegalArgumentException("--image: '" + image + "' is not an image reference; expected"
                    + " [registry/]repository[:tag|@digest], lowercase, e.g. myregistry.azurecr.io/etl:1.4");
        }
        return new ImageReference(registry, repository, reference);
    }

    /** Registries on this machine are called over plain http, as Docker treats localhost registries as insecure. */
    boolean isLoopback() {
        String host = registry.replaceAll(":\\d+$", "");
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    String baseUrl() {
        return (isLoopback() ? "http://" : "https://") + registry;
    }
}
