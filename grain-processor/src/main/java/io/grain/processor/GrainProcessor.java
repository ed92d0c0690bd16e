package io.grain.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import io.grain.annotation.Grain;
import io.grain.annotation.Stored;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.StoredModel;
import io.grain.processor.parse.GrainParser;
import io.grain.processor.parse.StoredParser;
import io.grain.processor.write.ClientWriter;
import io.grain.processor.write.CodecWriter;
import io.grain.processor.write.DispatcherWriter;
import io.grain.processor.write.ProtoFileWriter;
import io.grain.processor.write.StoredTypeWriter;
import io.grain.processor.write.StubWriter;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Grain annotation processor: for each {@code @Grain} interface, parse and validate it into a
 * {@link GrainModel}, then write its client, dispatcher, codec, stub and .proto; for each
 * {@code @Stored} record, parse and validate it into a {@link StoredModel}, then write its
 * {@code StoredType}. Isolating: every generated file has the interface or record as its one
 * originating element and depends on nothing written for another.
 *
 * <p>An interface or record that mentions a type javac does not know yet (one another processor
 * generates later) waits for the next round. Nothing is thrown into javac: an internal failure
 * becomes one error on the interface or record.
 */
@AutoService(Processor.class)
public final class GrainProcessor extends AbstractProcessor {
    private final Set<String> deferred = new LinkedHashSet<>();
    private final Set<String> deferredRecords = new LinkedHashSet<>();
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, String> tables = new HashMap<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Grain.class.getCanonicalName(), Stored.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round) {
        processGrains(round);
        processStoredRecords(round);
        return false;
    }

    private void processGrains(final RoundEnvironment round) {
        final Set<Element> todo = takeDeferred(deferred);
        todo.addAll(round.getElementsAnnotatedWith(Grain.class));
        final GrainParser parser = new GrainParser(processingEnv);
        for (final Element element : todo) {
            if (element instanceof TypeElement && !round.processingOver() && parser.mentionsUnknownTypes((TypeElement)element)) {
                deferred.add(((TypeElement)element).getQualifiedName().toString());
                continue;
            }
            try {
                parser.parse(element).ifPresent(model -> {
                    if (checkUniqueKind(element, model)) {
                        generate(element, model);
                    }
                });
            } catch (final RuntimeException | Error e) {
                reportInternalFailure("@Grain", element, e);
            }
        }
    }

    private void processStoredRecords(final RoundEnvironment round) {
        final Set<Element> todo = takeDeferred(deferredRecords);
        todo.addAll(round.getElementsAnnotatedWith(Stored.class));
        final StoredParser parser = new StoredParser(processingEnv);
        for (final Element element : todo) {
            if (element instanceof TypeElement && !round.processingOver() && parser.mentionsUnknownTypes((TypeElement)element)) {
                deferredRecords.add(((TypeElement)element).getQualifiedName().toString());
                continue;
            }
            try {
                parser.parse(element).ifPresent(model -> {
                    if (checkUniqueTable(element, model)) {
                        generate(element, model);
                    }
                });
            } catch (final RuntimeException | Error e) {
                reportInternalFailure("@Stored", element, e);
            }
        }
    }

    /** The elements deferred from the last round that javac now knows, and an empty {@code names}. */
    private Set<Element> takeDeferred(final Set<String> names) {
        final Set<Element> todo = new LinkedHashSet<>();
        for (final String name : names) {
            final TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
            if (element != null) {
                todo.add(element);
            }
        }
        names.clear();
        return todo;
    }

    private void reportInternalFailure(final String annotation, final Element element, final Throwable e) {
        final StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            annotation + " processing of " + element + " failed inside the Grain processor (please report it): " + trace, element);
    }

    /** Two keyed records of one compilation may not share a table; a state record's table is only a default name. */
    private boolean checkUniqueTable(final Element element, final StoredModel model) {
        if (model.key() == null) {
            return true;
        }
        final String name = model.record().name().canonicalName();
        final String other = tables.putIfAbsent(model.table(), name);
        if (other != null && !other.equals(name)) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Stored table '" + model.table() + "' of " + name
                + " is already the table of " + other + "; give each keyed record its own table", element);
            return false;
        }
        return true;
    }

    private boolean checkUniqueKind(final Element element, final GrainModel model) {
        final String name = model.grainInterface().canonicalName();
        final String other = kinds.putIfAbsent(model.kind(), name);
        if (other != null && !other.equals(name)) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Grain kind '" + model.kind() + "' of " + name
                + " is already the kind of " + other + "; give each grain interface its own kind", element);
            return false;
        }
        return true;
    }

    private void generate(final Element element, final GrainModel model) {
        try {
            for (final JavaFile file : new JavaFile[] {
                ClientWriter.write(model),
                DispatcherWriter.write(model),
                CodecWriter.write(model),
                StubWriter.write(model)}) {
                writeSource(element, file);
            }
            final FileObject proto = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, model.packageName(),
                model.protoFileName(), element);
            try (Writer writer = new OutputStreamWriter(proto.openOutputStream(), StandardCharsets.UTF_8)) {
                writer.write(ProtoFileWriter.write(model));
            }
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "@Grain could not write the generated files of " + model.grainInterface() + ": " + e.getMessage(), element);
        }
    }

    private void generate(final Element element, final StoredModel model) {
        try {
            writeSource(element, StoredTypeWriter.write(model));
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "@Stored could not write " + model.storedType() + " for " + model.record().name() + ": " + e.getMessage(), element);
        }
    }

    /** Writes {@code file} with {@code element} as its one originating element. */
    private void writeSource(final Element element, final JavaFile file) throws IOException {
        final String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
        try (Writer writer = processingEnv.getFiler().createSourceFile(name, element).openWriter()) {
            file.writeTo(writer);
        }
    }
}
