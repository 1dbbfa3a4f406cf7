package dev.acidispatch.template;

/** A deployment template is unusable: it failed to compile, or rendered something that is not a valid job group. */
public final class InvalidTemplateException extends IllegalStateException {
    private final String templateName;
    private final String source;
    private final String problem;

    public InvalidTemplateException(String templateName, String source, String problem) {
        super("Template '" + templateName + "' (" + source + "): " + problem);
        this.templateName = templateName;
        this.source = source;
        this.problem = problem;
    }

    public String templateName() {
        return templateName;
    }

    /** Where the template came from: a file path or "built-in". */
    public String source() {
        return source;
    }

    public String problem() {
        return problem;
    }
}
