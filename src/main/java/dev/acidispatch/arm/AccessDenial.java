package dev.acidispatch.arm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ARM said the caller may not do: the missing {@code action} at {@code scope}. Read from the two errors ARM
 * sends for that: {@code AuthorizationFailed} ("does not have authorization to perform action 'A' over scope 'S'",
 * MicrosoftDocs/azure-docs#122458) for the request itself, and {@code LinkedAuthorizationFailed} ("does not have
 * permission to perform action 'A' on the linked scope(s) 'S'", microsoft/planetary-computer-hub#25) for a resource
 * the request links to (a subnet it joins, an identity it assigns).
 */
public record AccessDenial(String code, String action, String scope) {
    private static final Pattern DIRECT = Pattern.compile(
            "authorization to perform action '([^']+)' over scope '([^']+)'");
    private static final Pattern LINKED = Pattern.compile(
            "not have permission to perform action '([^']+)' on the linked scope\\(s\\) '([^']+)'");

    /** The first denial in this error tree, if any. */
    public static Optional<AccessDenial> in(ArmError error) {
        for (ArmError e : ArmErrorMapper.expandNested(error).flatten()) {
            Optional<AccessDenial> denial = of(e);
            if (denial.isPresent()) {
                return denial;
            }
        }
        return Optional.empty();
    }

    private static Optional<AccessDenial> of(ArmError e) {
        Matcher linked = LINKED.matcher(e.message());
        if (linked.find()) {
            return Optional.of(new AccessDenial("LinkedAuthorizationFailed", linked.group(1), linked.group(2)));
        }
        Matcher direct = DIRECT.matcher(e.message());
        if (direct.find()) {
            return Optional.of(new AccessDenial("AuthorizationFailed", direct.group(1), direct.group(2)));
        }
        if ("AuthorizationFailed".equals(e.code()) || "LinkedAuthorizationFailed".equals(e.code())) {
            return Optional.of(new AccessDenial(e.code(), "(not named)", "(not named)"));
        }
        return Optional.empty();
    }

    /** One plain sentence for a job's reason: who lacks what, where, and how to fix it. */
    public String describe() {
        return "the app's identity lacks permission '" + action + "' on '" + scope + "' (" + code + "); grant it "
                + "(the role in infra/main.json covers the jobs resource group only: see infra/README.md, 'The jobs "
                + "resource group') or use a resource the identity may use";
    }
}
