package io.grain.processor.parse;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;
import java.util.Map;

/**
 * Collects the errors of one grain interface or stored record, each reported at the element (and
 * where possible the annotation or annotation value) it is about.
 */
final class Diagnostics {
    private final Messager messager;
    private int errors;

    Diagnostics(final Messager messager) {
        this.messager = messager;
    }

    void error(final Element element, final String message) {
        errors++;
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    /** An error at {@code annotationType} on {@code element}, at its {@code member} value if present. */
    void error(final Element element, final Class<?> annotationType, final String member, final String message) {
        errors++;
        for (final AnnotationMirror mirror : element.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().toString().equals(annotationType.getCanonicalName())) {
                for (final Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : mirror.getElementValues().entrySet()) {
                    if (entry.getKey().getSimpleName().contentEquals(member)) {
                        messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror, entry.getValue());
                        return;
                    }
                }
                messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
                return;
            }
        }
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    /** "{@code rule}, but Subject is a class; {@code fix}", at {@code element}: an annotation on the wrong kind of type. */
    void misplaced(final Element element, final String rule, final String fix) {
        error(element, rule + ", but " + element.getSimpleName() + " is a "
            + element.getKind().toString().toLowerCase().replace('_', ' ') + "; " + fix);
    }

    boolean hasErrors() {
        return errors > 0;
    }
}
