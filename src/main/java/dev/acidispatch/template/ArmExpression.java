package dev.acidispatch.template;

import java.util.regex.Pattern;

/**
 * An ARM expression the renderer itself builds (references to secure parameters). The only kind of string that
 * reaches a template un-neutralised; job data can never create one.
 */
record ArmExpression(String expression) {
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    ArmExpression {
        if (!ArmJson.isExpressionShaped(expression) || expression.startsWith("[[")) {
            throw new IllegalArgumentException("Not an ARM expression: " + expression);
        }
    }

    /** {@code [parameters('name')]} */
    static ArmExpression parameter(String name) {
        return new ArmExpression("[parameters('" + checked(name) + "')]");
    }

    /** {@code [base64(parameters('name'))]}: a secure parameter ARM base64-encodes at deployment. */
    static ArmExpression base64Parameter(String name) {
        return new ArmExpression("[base64(parameters('" + checked(name) + "'))]");
    }

    private static String checked(String name) {
        if (!PARAMETER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a safe ARM identifier: " + name);
        }
        return name;
    }
}
