package dev.acidispatch.emulator;

/** ARM would reject this template; {@link #code()} is the code ARM uses (InvalidTemplate, ...). */
public final class TemplateException extends RuntimeException {
    private final String code;

    public TemplateException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
