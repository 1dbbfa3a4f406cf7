package dev.acidispatch.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.Mustache;
import dev.acidispatch.config.Settings;
import dev.acidispatch.job.CleanupPolicy;
import dev.acidispatch.job.DnsConfig;
import dev.acidispatch.job.InitContainer;
import dev.acidispatch.job.IpAddress;
import dev.acidispatch.job.JobLimits;
import dev.acidispatch.job.JobMessage;
import dev.acidispatch.job.KeyVaultSecretReference;
import dev.acidispatch.job.Port;
import dev.acidispatch.job.ResolvedJob;
import dev.acidispatch.job.SecretValue;
import dev.acidispatch.job.Sidecar;
import dev.acidispatch.job.Volume;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named deployment templates: the built-in {@value #DEFAULT} plus every {@code <name>.json.mustache} in an
 * optional directory. Each template is checked when loaded by rendering sample jobs (one with every optional field,
 * one minimal): it must produce JSON with exactly one container group holding at least one container, and must not
 * declare or use the former {@code secureEnv} secureObject (see {@link TemplateRenderer}). A bad template fails
 * startup with an {@link InvalidTemplateException} naming the file and the problem. The full sample has every field of
 * contract v1 (volumes of each kind, an init container, a sidecar, ports, an IP address, DNS settings, both kinds of
 * identity, secrets given and referenced in Key Vault), so a template that renders it renders any job.
 *
 * <p>A custom template that reads {@code variables} can ship sample values in {@code <name>.variables.json} next to
 * it; they are used only for this load-time check.
 */
public final class TemplateCatalog {
    public static final String DEFAULT = JobLimits.DEFAULT_TEMPLATE;
    public static final String FILE_SUFFIX = ".json.mustache";
    public static final String SAMPLE_VARIABLES_SUFFIX = ".variables.json";
    /** Name of the single container in the default template; logs are read from it. */
    public static final String DEFAULT_CONTAINER_NAME = JobLimits.JOB_CONTAINER_NAME;
    static final String BUILT_IN_RESOURCE = "templates/default.json.mustache";
    private static final Pattern NAME = Pattern.compile(JobLimits.TEMPLATE_NAME_PATTERN);

    private final Map<String, Template> templates;

    record Template(String name, String source, Mustache mustache) {
    }

    private TemplateCatalog(Map<String, Template> templates) {
        this.templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /** Only the built-in default template. */
    public static TemplateCatalog builtIn() {
        return load(Optional.empty());
    }

    /** Built-in plus the directory named by {@code DISPATCH_TEMPLATES_DIR}, if set. */
    public static TemplateCatalog fromSettings(Settings settings) {
        return load(settings.templatesDir().map(Path::of));
    }

    public static TemplateCatalog load(Optional<Path> directory) {
        Map<String, Template> templates = new LinkedHashMap<>();
        templates.put(DEFAULT, compile(DEFAULT, "built-in " + BUILT_IN_RESOURCE, builtInSource(), "{}"));
        directory.ifPresent(dir -> loadDirectory(dir, templates));
        return new TemplateCatalog(templates);
    }

    public Set<String> names() {
        return templates.keySet();
    }

    Template template(String name) {
        Template template = templates.get(name);
        if (template == null) {
            throw new IllegalArgumentException("Unknown template '" + name + "'; known: " + names());
        }
        return template;
    }

    private static void loadDirectory(Path dir, Map<String, Template> templates) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidTemplateException("*", dir.toString(), "the templates directory does not exist or is not "
                    + "a directory; fix " + Settings.Names.TEMPLATES_DIR + " or unset it");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(FILE_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list templates directory " + dir, e);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - FILE_SUFFIX.length());
            if (!NAME.matcher(name).matches()) {
                throw new InvalidTemplateException(name, file.toString(), "template names must match "
                        + JobLimits.TEMPLATE_NAME_PATTERN + " (lowercase letters, digits, '-', '_'); rename the file");
            }
            if (DEFAULT.equals(name)) {
                throw new InvalidTemplateException(name, file.toString(), "'" + DEFAULT + "' is the built-in template; "
                        + "give yours another name and select it with \"template\" in the message");
            }
            Path samples = file.resolveSibling(name + SAMPLE_VARIABLES_SUFFIX);
            String sampleVariables = Files.exists(samples) ? read(samples) : "{}";
            templates.put(name, compile(name, file.toString(), read(file), sampleVariables));
        }
    }

    private static Template compile(String name, String source, String text, String sampleVariablesJson) {
        Mustache mustache;
        try (Reader reader = new StringReader(text)) {
            mustache = new JsonMustacheFactory().compileTemplate(reader, name);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTemplateException(name, source, "does not compile as mustache: " + e.getMessage());
        }
        Template template = new Template(name, source, mustache);
        ObjectNode variables = sampleVariables(template, sampleVariablesJson);
        TemplateRenderer.render(template, fullSample(name, variables));
        TemplateRenderer.render(template, minimalSample(name, variables));
        return template;
    }

    private static ObjectNode sampleVariables(Template template, String json) {
        try {
            JsonNode node = ArmJson.parse(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new InvalidTemplateException(template.name(), template.source(), "sample variables file "
                + template.name() + SAMPLE_VARIABLES_SUFFIX + " must hold a JSON object");
    }

    /** A job with every optional field, every kind of secret and a Key Vault reference among them. */
    private static ResolvedJob fullSample(String template, ObjectNode variables) {
        String subscription = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-rg/providers/";
        String identity = subscription + "Microsoft.ManagedIdentity/userAssignedIdentities/sample";
        SecretValue fromVault = SecretValue.fromKeyVault(new KeyVaultSecretReference(
                subscription + "Microsoft.KeyVault/vaults/sample-vault", "sample-secret", null));
        List<Volume> volumes = List.of(
                Volume.emptyDir("scratch", "/mnt/scratch"),
                new Volume("settings", "/mnt/settings", true, null, null,
                        Map.of("token", SecretValue.of("secret"), "vault.txt", fromVault)),
                new Volume("share", "/mnt/share", null, new Volume.AzureFileVolume("share", "sampleaccount",
                        SecretValue.of("key")), null, null));
        return new ResolvedJob("sample-job", "mcr.microsoft.com/azuredocs/aci-helloworld:latest",
                List.of("sh", "-c", "echo \"sample\""), 1.0, 1.5,
                // Two secrets whose names differ only in case: ARM parameter names are case-insensitive.
                Map.of("SAMPLE", "value"), Map.of("SAMPLE_SECRET", SecretValue.of("secret"),
                        "sample_secret", fromVault),
                Optional.of(new JobMessage.Registry("sample.azurecr.io", null, "user", SecretValue.of("password"))),
                List.of(identity),
                List.of(subscription + "Microsoft.Network/virtualNetworks/vnet/subnets/jobs"),
                List.of(), Map.of("team", "sample"), "Regular", "westeurope", "sample-rg",
                Duration.ofMinutes(10), Duration.ofHours(1), CleanupPolicy.ON_SUCCESS, template, variables,
                volumes,
                List.of(new InitContainer("setup", "busybox", List.of("sh", "-c", "true"), Map.of("A", "b"),
                        Map.of("INIT_SECRET", SecretValue.of("secret")))),
                List.of(new Sidecar("shipper", "busybox", null, 0.5, 0.5, null,
                        Map.of("SIDECAR_SECRET", SecretValue.of("secret")))),
                ResolvedJob.LINUX, ResolvedJob.ON_FAILURE, 3, List.of(new Port(8080, "TCP")),
                Optional.of(new IpAddress(IpAddress.PRIVATE, null)),
                Optional.of(new DnsConfig(List.of("10.0.0.4"), "corp.example.com", "ndots:2")), true,
                dev.acidispatch.job.RetryPolicy.NONE, null, Optional.empty(), 1);
    }

    private static ResolvedJob minimalSample(String template, ObjectNode variables) {
        return new ResolvedJob("sample-job", "busybox", List.of(), 1.0, 1.5, Map.of(), Map.of(),
                Optional.empty(), List.of(), List.of(), List.of(), Map.of(), "Regular", "westeurope", "sample-rg",
                Duration.ofMinutes(10), Duration.ofHours(1), CleanupPolicy.ALWAYS, template, variables, List.of(),
                List.of(), List.of(), ResolvedJob.LINUX, ResolvedJob.NEVER, 0, List.of(), Optional.empty(),
                Optional.empty(), false, dev.acidispatch.job.RetryPolicy.NONE, null, Optional.empty(), 1);
    }

    private static String builtInSource() {
        try (InputStream in = TemplateCatalog.class.getClassLoader().getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource " + BUILT_IN_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read template file " + file, e);
        }
    }

}
