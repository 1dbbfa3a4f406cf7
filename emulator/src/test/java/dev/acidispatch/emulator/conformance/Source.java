package dev.acidispatch.emulator.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Where the behaviour a conformance case checks comes from: a REST spec or its example file, a documentation page, an
 * issue where the service's answer was seen. {@link EveryCaseCitesItsSourceTest} keeps every case cited.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Source {
    String[] value();
}
