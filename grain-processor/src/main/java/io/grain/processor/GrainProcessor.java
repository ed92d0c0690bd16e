package io.grain.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import io.grain.annotation.ClientObserver;
import io.grain.annotation.Grain;
import io.grain.annotation.Stored;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.StoredModel;
import io.grain.processor.parse.GrainParser;
import io.grain.processor.parse.StoredParser;
import io.grain.processor.write.ClientWriter;
import io.grain.processor.write.CodecWriter;
import io.grain.processor.write.DispatcherWriter;
import io.grain.processor.write.DescriptorWriter;
import io.grain.processor.write.PushClientWriter;
import io.grain.processor.write.ProtoFileWriter;
import io.grain.processor.write.StoredTypeWriter;
import io.grain.processor.write.StubWriter;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Grain annotation processor: for each {@code @Grain} interface, parse and validate it into a
 * {@link GrainModel}, then write its client, dispatcher, codec, stub and .proto; for each
 * {@code @Stored} record, parse and validate it into a {@link StoredModel}, then write its
 * {@code StoredType} and the .proto of its payload; for each {@code @ClientObserver} interface,
 * its push client, codec, .proto and descriptor set. Isolating: every generated file has the interface or record as its one
 * originating element and depends on nothing written for another.
 *
 * <p>An interface or record that mentions a type javac does not know yet (one another processor
 * generates later) waits for the next round. Nothing is thrown into javac: an internal failure
 * becomes one error on the interface or record.
 */
@AutoService(Processor.class)
public final class GrainProcessor extends AbstractProcessor {
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, String> tables = new HashMap<>();
    private final Map<String, String> observerKinds = new HashMap<>();
    private List<Step<?>> steps = List.of();

    @Override
    public synchronized void init(final ProcessingEnvironment env) {
        super.init(env);
        final GrainParser grains = new GrainParser(env);
        final StoredParser stored = new StoredParser(env);
        steps = List.of(
            new Step<GrainModel>(Grain.class, grains::mentionsUnknownTypes, grains::parse, (element, model) -> {
                if (checkUniqueKind(element, model)) {
                    generate(element, model);
                }
            }),
            new Step<GrainModel>(ClientObserver.class, grains::mentionsUnknownTypes, grains::parseObserver, (element, model) -> {
                if (claim(observerKinds, "@ClientObserver", "kind", model.kind(), model.grainInterface().canonicalName(), element,
                    "give each observer interface its own kind")) {
                    generateObserver(element, model);
                }
            }),
            new Step<StoredModel>(Stored.class, stored::mentionsUnknownTypes, stored::parse, (element, model) -> {
                if (checkUniqueTable(element, model)) {
                    generate(element, model);
                }
            }));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(Grain.class.getCanonicalName(), Stored.class.getCanonicalName(), ClientObserver.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round) {
        for (final Step<?> step : steps) {
            step.process(round);
        }
        return false;
    }

    /**
     * The processing of one annotation (Dagger's processing step): which annotated elements wait for
     * a later round, how one is parsed into its model, and what is written for the model.
     */
    private final class Step<M> {
        private final Class<? extends Annotation> annotation;
        private final Predicate<TypeElement> waits;
        private final Function<Element, Optional<M>> parse;
        private final BiConsumer<Element, M> generate;
        /** Names of the elements that mentioned types javac did not know yet, to retry next round. */
        private final Set<String> deferred = new LinkedHashSet<>();

        Step(
            final Class<? extends Annotation> annotation,
            final Predicate<TypeElement> waits,
            final Function<Element, Optional<M>> parse,
            final BiConsumer<Element, M> generate) {
            this.annotation = annotation;
            this.waits = waits;
            this.parse = parse;
            this.generate = generate;
        }

        void process(final RoundEnvironment round) {
            final Set<Element> todo = new LinkedHashSet<>();
            for (final String name : deferred) {
                final TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
                if (element != null) {
                    todo.add(element);
                }
            }
            deferred.clear();
            todo.addAll(round.getElementsAnnotatedWith(annotation));
            for (final Element element : todo) {
                if (element instanceof TypeElement && !round.processingOver() && waits.test((TypeElement)element)) {
                    deferred.add(((TypeElement)element).getQualifiedName().toString());
                    continue;
                }
                try {
                    parse.apply(element).ifPresent(model -> generate.accept(element, model));
                } catch (final RuntimeException | Error e) {
                    reportInternalFailure("@" + annotation.getSimpleName(), element, e);
                }
            }
        }
    }

    private void reportInternalFailure(final String annotation, final Element element, final Throwable e) {
        final StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            annotation + " processing of " + element + " failed inside the Grain processor (please report it): " + trace, element);
    }

    /** Two keyed records of one compilation may not share a table; a state record's table is only a default name. */
    private boolean checkUniqueTable(final Element element, final StoredModel model) {
        return model.key() == null || claim(tables, "@Stored", "table", model.table(), model.record().name().canonicalName(), element,
            "give each keyed record its own table");
    }

    private boolean checkUniqueKind(final Element element, final GrainModel model) {
        return claim(kinds, "@Grain", "kind", model.kind(), model.grainInterface().canonicalName(), element,
            "give each grain interface its own kind");
    }

    /** Claims {@code value} in {@code claimed} for {@code owner}; false after an error at {@code element} when another has it. */
    private boolean claim(
        final Map<String, String> claimed,
        final String annotation,
        final String noun,
        final String value,
        final String owner,
        final Element element,
        final String fix) {
        final String other = claimed.putIfAbsent(value, owner);
        if (other != null && !other.equals(owner)) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, annotation + " " + noun + " '" + value + "' of " + owner
                + " is already the " + noun + " of " + other + "; " + fix, element);
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
            writeResource(element, model.packageName(), model.protoFileName(), ProtoFileWriter.write(model));
            writeResource(element, model.packageName(), DescriptorWriter.fileName(model), DescriptorWriter.write(model));
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "@Grain could not write the generated files of " + model.grainInterface() + ": " + e.getMessage(), element);
        }
    }

    private void generateObserver(final Element element, final GrainModel model) {
        try {
            writeSource(element, PushClientWriter.write(model));
            writeSource(element, CodecWriter.write(model));
            writeResource(element, model.packageName(), model.protoFileName(), ProtoFileWriter.writeObserver(model));
            writeResource(element, model.packageName(), DescriptorWriter.fileName(model), DescriptorWriter.write(model));
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "@ClientObserver could not write the generated files of " + model.grainInterface() + ": " + e.getMessage(), element);
        }
    }

    private void generate(final Element element, final StoredModel model) {
        try {
            writeSource(element, StoredTypeWriter.write(model));
            writeResource(element, model.packageName(), model.protoFileName(), ProtoFileWriter.write(model));
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                "@Stored could not write the generated files of " + model.record().name() + ": " + e.getMessage(), element);
        }
    }

    /** Writes a class-output resource with {@code element} as its one originating element. */
    private void writeResource(final Element element, final String packageName, final String name, final String content) throws IOException {
        final FileObject resource = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, packageName, name, element);
        try (Writer writer = new OutputStreamWriter(resource.openOutputStream(), StandardCharsets.UTF_8)) {
            writer.write(content);
        }
    }

    /** Writes a binary class-output resource with {@code element} as its one originating element. */
    private void writeResource(final Element element, final String packageName, final String name, final byte[] content) throws IOException {
        final FileObject resource = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, packageName, name, element);
        try (OutputStream out = resource.openOutputStream()) {
            out.write(content);
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
