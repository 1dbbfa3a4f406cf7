package dev.acidispatch.emulator.conformance;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance suite's rule: every case says where the behaviour it checks comes from. */
class EveryCaseCitesItsSourceTest {
    static final List<Class<?>> SUITE = List.of(DeploymentConformanceTest.class, ContainerGroupConformanceTest.class,
            AuthorizationConformanceTest.class, ThrottlingConformanceTest.class);

    @Test
    void everyConformanceCaseHasANonBlankSource() {
        List<String> uncited = new ArrayList<>();
        int cases = 0;
        for (Class<?> type : SUITE) {
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Test.class)) {
                    continue;
                }
                cases++;
                Source source = method.getAnnotation(Source.class);
                if (source == null || Arrays.stream(source.value()).allMatch(String::isBlank)) {
                    uncited.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertEquals(List.of(), uncited);
        assertTrue(cases >= 20, "the suite has " + cases + " cases");
    }
}
