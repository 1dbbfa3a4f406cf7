package dev.acidispatch.cli.doctor;

import dev.acidispatch.config.Settings;
import dev.acidispatch.template.InvalidTemplateException;
import dev.acidispatch.template.TemplateCatalog;

/**
 * The job templates compile: the built-in one and each {@code <name>.json.mustache} in DISPATCH_TEMPLATES_DIR, checked
 * as the app checks them at start (each renders a sample job with every field to ARM JSON with one container group).
 */
public final class TemplatesCheck implements DoctorCheck {
    @Override
    public String title() {
        return "The job templates compile";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Settings settings = context.settings();
        TemplateCatalog catalog;
        try {
            catalog = TemplateCatalog.fromSettings(settings);
        } catch (InvalidTemplateException e) {
            return CheckResult.fail(e.getMessage(), "fix " + e.source() + " (bin/dispatchctl render shows what a job"
                    + " renders to; README, \"Custom templates\")");
        } catch (RuntimeException e) {
            return CheckResult.fail("cannot load the templates in " + settings.templatesDir().orElse("(none)") + " ("
                    + e.getMessage() + ")", "point " + Settings.Names.TEMPLATES_DIR + " at a readable directory of"
                    + " <name>.json.mustache files, or unset it");
        }
        return CheckResult.pass(catalog.names().size() + " template(s): " + String.join(", ", catalog.names())
                + settings.templatesDir().map(d -> " (from " + d + " and the built-in one)").orElse(" (built-in)"));
    }
}
