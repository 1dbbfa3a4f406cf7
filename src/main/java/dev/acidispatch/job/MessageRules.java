package dev.acidispatch.job;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * Every check on a parsed job message, as one ordered list of {@link FieldRules}, one per concern. All rules run, so
 * a user fixes a message in one round.
 *
 * <p><b>Order.</b> Errors are reported in the order the rules run, which users see in rejections and tests compare:
 * field names first, then the fields in contract order ({@link JobMessage}). Rules may rely on fields checked before
 * them (Spot limits on cpu and memory, for one). When adding rules, keep the errors of existing fields in their order.
 */
final class MessageRules {
    private final List<FieldRules> rules;

    MessageRules(JobDefaults defaults, Set<String> templateNames) {
        SecretChecks secrets = new SecretChecks(defaults);
        EnvironmentChecks environment = new EnvironmentChecks(secrets);
        AdditionalContainers containers = new AdditionalContainers(environment);
        this.rules = List.of(
                new KnownFieldsRules(),
                new JobIdRules(),
                new ContainerRules(),
                new ResourceRules(defaults),
                new EnvironmentRules(environment),
                new RegistryAndIdentityRules(secrets),
                new NetworkRules(),
                new TagRules(),
                new PriorityRules(defaults),
                new PlacementRules(defaults),
                new LifecycleRules(defaults),
                new TemplateRules(templateNames),
                new VolumeRules(secrets),
                new InitContainerRules(containers),
                new SidecarRules(defaults, containers),
                new OsTypeRules(defaults),
                new RestartRules(),
                new IpAddressRules(),
                new DnsConfigRules(),
                new SystemIdentityRules(),
                new CleanupRules(),
                new RetryRules(),
                new DetectionDelayRules());
    }

    /** The rules in the order they run. */
    List<FieldRules> rules() {
        return rules;
    }

    /** Every problem with {@code root}, in report order; empty when the message is valid. */
    List<FieldError> check(ObjectNode root) {
        MessageFields message = new MessageFields(root);
        for (FieldRules rule : rules) {
            rule.check(message);
        }
        return message.errors().toList();
    }
}
