package dev.acidispatch.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the resource conditions infra/main.json uses to choose its hosting plan, so tests can look at the
 * resources ARM deploys for each value of the {@code plan} parameter. Deliberately small: {@code equals(parameters
 * ('plan'), '...')}, {@code not(...)}, {@code true()}, {@code false()}, and variables holding such expressions. Anything
 * else fails the test, so a condition these checks cannot evaluate is never silently treated as true.
 */
final class Conditions {
    private static final Pattern VARIABLE = Pattern.compile("variables\\('([^']+)'\\)");
    private static final Pattern EQUALS_PLAN = Pattern.compile("^equals\\(parameters\\('plan'\\),\\s*'([^']*)'\\)$");
    private static final Pattern NOT = Pattern.compile("^not\\((.*)\\)$");

    private Conditions() {
    }

    /** The condition with every {@code variables('x')} replaced by its expression (without brackets), in brackets. */
    static String inline(JsonNode scope, String condition) {
        if (!TemplateRules.isExpression(condition)) {
            throw new AssertionError("condition '" + condition + "' is not an expression");
        }
        String body = condition.substring(1, condition.length() - 1).trim();
        for (int depth = 0; depth < 10; depth++) {
            Matcher m = VARIABLE.matcher(body);
            if (!m.find()) {
                return "[" + body + "]";
            }
            JsonNode value = scope.path("variables").path(m.group(1));
            if (!value.isTextual() || !TemplateRules.isExpression(value.asText())) {
                throw new AssertionError("condition '" + condition + "' uses variables('" + m.group(1)
                        + "'), which is not an expression variable");
            }
            String inner = value.asText();
            body = body.substring(0, m.start()) + inner.substring(1, inner.length() - 1) + body.substring(m.end());
        }
        throw new AssertionError("condition '" + condition + "': variables nest too deeply");
    }

    /** Evaluates an inlined condition for the given plan. */
    static boolean holds(String inlined, TemplateRules.Plan plan) {
        return evaluate(inlined.substring(1, inlined.length() - 1).trim(), plan, inlined);
    }

    private static boolean evaluate(String body, TemplateRules.Plan plan, String whole) {
        Matcher equals = EQUALS_PLAN.matcher(body);
        if (equals.matches()) {
            return equals.group(1).equals(plan.parameterValue);
        }
        Matcher not = NOT.matcher(body);
        if (not.matches()) {
            return !evaluate(not.group(1).trim(), plan, whole);
        }
        if (body.equals("true()")) {
            return true;
        }
        if (body.equals("false()")) {
            return false;
        }
        throw new AssertionError("cannot evaluate condition " + whole + " (at '" + body + "')");
    }
}
