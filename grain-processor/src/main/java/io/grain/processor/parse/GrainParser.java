package io.grain.processor.parse;

import com.palantir.javapoet.ClassName;
import io.grain.annotation.AlwaysInterleave;
import io.grain.annotation.ClientCallable;
import io.grain.annotation.ClientObserver;
import io.grain.annotation.Grain;
import io.grain.annotation.OneWay;
import io.grain.annotation.ReadOnly;
import io.grain.annotation.Reentrant;
import io.grain.annotation.StatelessWorker;
import io.grain.annotation.Timeout;
import io.grain.processor.model.Field;
import io.grain.processor.model.GrainModel;
import io.grain.processor.model.MethodIds;
import io.grain.processor.model.MethodModel;
import io.grain.processor.model.Names;
import io.grain.processor.model.ValueType;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one {@code @Grain} interface, checks every rule, and builds its {@link GrainModel}. All
 * errors are reported (not just the first), each at the element it concerns; a model is returned
 * only when there were none.
 */
public final class GrainParser {
    private static final Pattern KIND = Pattern.compile("[A-Za-z0-9_.\\-]+");
    /** Names generated clients use themselves; a grain method may not take them. */
    private static final List<String> RESERVED_METHODS = List.of("grainId");
    /** What a generated push client hands its pushes to; it lives in grain-gateway. */
    private static final String PUSH_ROUTER = "io.grain.gateway.push.PushRouter";

    private final ProcessingEnvironment env;
    private final Types types;
    private final Elements elements;

    public GrainParser(final ProcessingEnvironment env) {
        this.env = env;
        this.types = env.getTypeUtils();
        this.elements = env.getElementUtils();
    }

    /** The kind of a {@code @Grain} type: its annotation value, else its simple name. */
    public static String kindOf(final TypeElement element) {
        final Grain grain = element.getAnnotation(Grain.class);
        return grain == null || grain.value().isEmpty() ? element.getSimpleName().toString() : grain.value();
    }

    /**
     * True when some type the interface mentions is not yet known to javac (another processor may
     * generate it in a later round), so parsing should wait.
     */
    public boolean mentionsUnknownTypes(final TypeElement element) {
        for (final ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
            if (method.getReturnType().getKind() == TypeKind.ERROR) {
                return true;
            }
            for (final VariableElement parameter : method.getParameters()) {
                if (parameter.asType().getKind() == TypeKind.ERROR) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The model, or empty after reporting every error found. */
    public Optional<GrainModel> parse(final Element annotated) {
        final Diagnostics diagnostics = new Diagnostics(env.getMessager());
        if (annotated.getKind() != ElementKind.INTERFACE) {
            diagnostics.misplaced(annotated, "@Grain goes on interfaces", "declare the grain's calls in an interface and "
                + "implement it in a class");
            return Optional.empty();
        }
        final TypeElement grain = (TypeElement)annotated;
        final String kind = kindOf(grain);
        if (!KIND.matcher(kind).matches()) {
            diagnostics.error(grain, Grain.class, "value", "@Grain kind '" + kind
                + "' may hold only letters, digits, '_', '-' and '.'; choose a kind such as \"player\"");
        }
        if (!grain.getTypeParameters().isEmpty()) {
            diagnostics.error(grain, "@Grain interface " + grain.getSimpleName() + " has type parameters; a grain interface "
                + "must be concrete (extend a generic interface with concrete type arguments instead)");
        }
        for (Element e = grain; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(grain, "@Grain interface " + grain.getSimpleName() + " is private; make it public or "
                    + "package-private so generated code can implement it");
                break;
            }
        }
        final StatelessWorker statelessWorker = grain.getAnnotation(StatelessWorker.class);
        if (statelessWorker != null && statelessWorker.max() < 1) {
            diagnostics.error(grain, StatelessWorker.class, "max", "@StatelessWorker(max = " + statelessWorker.max()
                + ") must allow at least one activation; use max >= 1");
        }

        final ClassName grainName = ClassName.get(grain);
        final TypeResolver resolver = new TypeResolver(env, grainName.packageName());
        final List<MethodModel> methods = new ArrayList<>();
        final Map<Integer, ExecutableElement> byId = new HashMap<>();
        final Map<String, Integer> nameCounts = new HashMap<>();
        final List<ExecutableElement> abstractMethods = abstractMethods(grain);
        for (final ExecutableElement method : abstractMethods) {
            nameCounts.merge(method.getSimpleName().toString(), 1, Integer::sum);
        }
        for (final ExecutableElement method : abstractMethods) {
            final MethodModel model = parseMethod(grain, method, nameCounts, resolver, diagnostics);
            if (model == null) {
                continue;
            }
            final ExecutableElement clash = byId.putIfAbsent(model.id(), method);
            if (clash != null) {
                final String both = "'" + signature(grain, clash) + "' and '" + model.signature() + "'";
                final String message = "@Grain methods " + both + " hash to the same method id 0x"
                    + Integer.toHexString(model.id()) + "; rename one of them";
                diagnostics.error(clash, message);
                diagnostics.error(method, message);
                continue;
            }
            methods.add(model);
        }
        if (diagnostics.hasErrors()) {
            return Optional.empty();
        }
        final Reentrant reentrant = grain.getAnnotation(Reentrant.class);
        return Optional.of(new GrainModel(
            grainName,
            kind,
            grain.getAnnotation(Grain.class).key().name(),
            reentrant != null,
            statelessWorker == null ? 0 : statelessWorker.max(),
            methods,
            resolver.types()));
    }


    /**
     * Reads one {@code @ClientObserver} interface into a model of the same shape as a grain's (its
     * kind is the observer kind, every method one-way), or empty after reporting every error found.
     */
    public Optional<GrainModel> parseObserver(final Element annotated) {
        final Diagnostics diagnostics = new Diagnostics(env.getMessager());
        if (annotated.getKind() != ElementKind.INTERFACE) {
            diagnostics.misplaced(annotated, "@ClientObserver goes on interfaces", "declare the pushes as void methods of an interface");
            return Optional.empty();
        }
        final TypeElement observer = (TypeElement)annotated;
        final String kind = observer.getAnnotation(ClientObserver.class).value();
        if (kind.isEmpty()) {
            // the kind is what clients see on every push: it must not change when the interface is renamed
            diagnostics.error(observer, ClientObserver.class, "value", "@ClientObserver on " + observer.getSimpleName()
                + " needs its kind, the name clients see on each push, e.g. @ClientObserver(\"match_events\")");
        } else if (!KIND.matcher(kind).matches()) {
            diagnostics.error(observer, ClientObserver.class, "value", "@ClientObserver kind '" + kind
                + "' may hold only letters, digits, '_', '-' and '.'; choose a kind such as \"match_events\"");
        }
        if (observer.getAnnotation(Grain.class) != null) {
            diagnostics.error(observer, ClientObserver.class, "value", "@ClientObserver interface " + observer.getSimpleName()
                + " is also a @Grain; an observer is implemented by the gateway's clients, so declare it in an interface of its own");
        }
        if (!observer.getTypeParameters().isEmpty()) {
            diagnostics.error(observer, "@ClientObserver interface " + observer.getSimpleName() + " has type parameters; "
                + "its pushes need concrete types on the wire");
        }
        for (Element e = observer; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(observer, "@ClientObserver interface " + observer.getSimpleName() + " is private; make it public "
                    + "or package-private so generated code can implement it");
                break;
            }
        }
        if (elements.getTypeElement(PUSH_ROUTER) == null) {
            diagnostics.error(observer, ClientObserver.class, "value", "@ClientObserver interface " + observer.getSimpleName()
                + " needs grain-gateway on the compile class path: its generated push client uses " + PUSH_ROUTER);
        }
        final ClassName observerName = ClassName.get(observer);
        final TypeResolver resolver = new TypeResolver(env, observerName.packageName());
        final List<MethodModel> methods = new ArrayList<>();
        final Map<Integer, ExecutableElement> byId = new HashMap<>();
        final Map<String, Integer> nameCounts = new HashMap<>();
        final List<ExecutableElement> abstractMethods = abstractMethods(observer);
        for (final ExecutableElement method : abstractMethods) {
            nameCounts.merge(method.getSimpleName().toString(), 1, Integer::sum);
        }
        for (final ExecutableElement method : abstractMethods) {
            final MethodModel model = parseObserverMethod(observer, method, nameCounts, resolver, diagnostics);
            if (model == null) {
                continue;
            }
            final ExecutableElement clash = byId.putIfAbsent(model.id(), method);
            if (clash != null) {
                final String message = "@ClientObserver methods '" + signature(observer, clash) + "' and '" + model.signature()
                    + "' hash to the same method id 0x" + Integer.toHexString(model.id()) + "; rename one of them";
                diagnostics.error(clash, message);
                diagnostics.error(method, message);
                continue;
            }
            methods.add(model);
        }
        if (!diagnostics.hasErrors() && methods.isEmpty()) {
            diagnostics.error(observer, "@ClientObserver interface " + observer.getSimpleName() + " declares no methods; "
                + "each void method is one kind of push");
        }
        if (diagnostics.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new GrainModel(observerName, kind, "ANY", false, 0, methods, resolver.types()));
    }

    private MethodModel parseObserverMethod(
        final TypeElement observer,
        final ExecutableElement method,
        final Map<String, Integer> nameCounts,
        final TypeResolver resolver,
        final Diagnostics diagnostics) {
        final String name = method.getSimpleName().toString();
        boolean ok = true;
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.error(method, "@ClientObserver method '" + name + "' is generic; pushes need concrete types on the wire, "
                + "so remove its type parameters");
            ok = false;
        }
        final ExecutableType executable = (ExecutableType)types.asMemberOf((DeclaredType)observer.asType(), method);
        if (executable.getReturnType().getKind() != TypeKind.VOID) {
            diagnostics.error(method, "@ClientObserver method '" + name + "' returns " + executable.getReturnType()
                + "; a push is one-way and gets no answer, so return void");
            ok = false;
        }
        for (final TypeMirror thrown : executable.getThrownTypes()) {
            if (isChecked(thrown)) {
                diagnostics.error(method, "@ClientObserver method '" + name + "' declares checked exception " + thrown
                    + "; a push never fails its sender, so remove it");
                ok = false;
            }
        }
        if (method.getAnnotation(Timeout.class) != null) {
            diagnostics.error(method, Timeout.class, "millis", "@Timeout on push '" + name + "' has no reply to wait for; remove it");
            ok = false;
        }
        final List<Field> parameters = new ArrayList<>();
        final List<? extends TypeMirror> parameterTypes = executable.getParameterTypes();
        for (int i = 0; i < parameterTypes.size(); i++) {
            final VariableElement parameter = method.getParameters().get(i);
            final String parameterName = parameter.getSimpleName().toString();
            try {
                final ValueType type = resolver.resolve(parameterTypes.get(i),
                    "@ClientObserver method '" + name + "' parameter '" + parameterName + "'");
                if (ValueType.mentionsReference(type)) {
                    diagnostics.error(parameter, "@ClientObserver method '" + name + "' parameter '" + parameterName
                        + "' is a grain reference; a game client cannot call grains through one, so send its key instead");
                    ok = false;
                }
                parameters.add(new Field(parameterName, i + 1, type));
            } catch (final TypeResolver.UnsupportedTypeException e) {
                diagnostics.error(parameter, e.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        final String signature = signature(observer, method);
        final int id = MethodIds.of(signature);
        final String uniqueName = nameCounts.get(name) > 1
            ? Names.capitalize(name) + "_" + Integer.toHexString(id)
            : Names.capitalize(name);
        return new MethodModel(name, uniqueName, signature, id, parameters, null, true, false, false, 0, false, false);
    }

    /** Own and inherited abstract methods, in declaration order, without Object's. */
    private List<ExecutableElement> abstractMethods(final TypeElement grain) {
        final Map<String, ExecutableElement> ordered = new LinkedHashMap<>();
        collect(grain, grain, ordered);
        return new ArrayList<>(ordered.values());
    }

    private void collect(final TypeElement grain, final TypeElement type, final Map<String, ExecutableElement> into) {
        for (final TypeMirror superInterface : type.getInterfaces()) {
            collect(grain, (TypeElement)((DeclaredType)superInterface).asElement(), into);
        }
        for (final ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            if (method.getModifiers().contains(Modifier.ABSTRACT)) {
                // an override-equivalent redeclaration replaces the inherited one, keeping its place
                into.put(signature(grain, method), method);
            }
        }
    }

    private MethodModel parseMethod(
        final TypeElement grain,
        final ExecutableElement method,
        final Map<String, Integer> nameCounts,
        final TypeResolver resolver,
        final Diagnostics diagnostics) {
        final String name = method.getSimpleName().toString();
        boolean ok = true;
        if (RESERVED_METHODS.contains(name) && method.getParameters().isEmpty()) {
            diagnostics.error(method, "@Grain method '" + name + "()' is reserved for the grain reference's identity; rename it");
            ok = false;
        }
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.error(method, "@Grain method '" + name + "' is generic; grain methods need concrete types on the wire, "
                + "so remove its type parameters");
            ok = false;
        }
        final ExecutableType executable = (ExecutableType)types.asMemberOf((DeclaredType)grain.asType(), method);
        for (final TypeMirror thrown : executable.getThrownTypes()) {
            if (isChecked(thrown)) {
                diagnostics.error(method, "@Grain method '" + name + "' declares checked exception " + thrown
                    + "; fail the returned future instead");
                ok = false;
            }
        }
        final boolean oneWay = method.getAnnotation(OneWay.class) != null;
        final Timeout timeout = method.getAnnotation(Timeout.class);
        final TypeMirror returnType = executable.getReturnType();
        ValueType result = null;
        boolean completionStage = false;
        if (returnType.getKind() == TypeKind.VOID) {
            if (!oneWay) {
                diagnostics.error(method, "@Grain method '" + name + "' returns void; return CompletableFuture<T> or mark it @OneWay");
                ok = false;
            }
            if (timeout != null) {
                diagnostics.error(method, Timeout.class, "millis", "@Timeout on one-way method '" + name
                    + "' has no reply to wait for; remove @Timeout or return a CompletableFuture");
                ok = false;
            }
        } else {
            if (oneWay) {
                diagnostics.error(method, OneWay.class, "", "@OneWay method '" + name + "' must return void, not "
                    + returnType + "; drop @OneWay to get a reply, or return void");
                ok = false;
            }
            final String futureKind = futureKind(returnType);
            if (futureKind == null) {
                diagnostics.error(method, "@Grain method '" + name + "' returns " + returnType
                    + "; return CompletableFuture<T> or CompletionStage<T> (or void with @OneWay)");
                ok = false;
            } else {
                completionStage = futureKind.equals("java.util.concurrent.CompletionStage");
                final List<? extends TypeMirror> args = ((DeclaredType)returnType).getTypeArguments();
                if (args.size() != 1) {
                    diagnostics.error(method, "@Grain method '" + name + "' returns a raw " + futureKind
                        + "; give its result type, e.g. CompletableFuture<Void>");
                    ok = false;
                } else if (!isVoid(args.get(0))) {
                    try {
                        result = resolver.resolve(args.get(0), "@Grain method '" + name + "' result");
                    } catch (final TypeResolver.UnsupportedTypeException e) {
                        diagnostics.error(method, e.getMessage());
                        ok = false;
                    }
                }
            }
        }
        if (timeout != null && timeout.millis() <= 0) {
            diagnostics.error(method, Timeout.class, "millis", "@Timeout(millis = " + timeout.millis()
                + ") on '" + name + "' must be positive");
            ok = false;
        }
        final List<Field> parameters = new ArrayList<>();
        final List<? extends TypeMirror> parameterTypes = executable.getParameterTypes();
        for (int i = 0; i < parameterTypes.size(); i++) {
            final VariableElement parameter = method.getParameters().get(i);
            final String parameterName = parameter.getSimpleName().toString();
            try {
                parameters.add(new Field(parameterName, i + 1,
                    resolver.resolve(parameterTypes.get(i), "@Grain method '" + name + "' parameter '" + parameterName + "'")));
            } catch (final TypeResolver.UnsupportedTypeException e) {
                diagnostics.error(parameter, e.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        final String signature = signature(grain, method);
        final int id = MethodIds.of(signature);
        final String uniqueName = nameCounts.get(name) > 1
            ? Names.capitalize(name) + "_" + Integer.toHexString(id)
            : Names.capitalize(name);
        return new MethodModel(
            name,
            uniqueName,
            signature,
            id,
            parameters,
            result,
            oneWay,
            method.getAnnotation(ReadOnly.class) != null,
            method.getAnnotation(AlwaysInterleave.class) != null,
            timeout == null ? 0 : timeout.millis(),
            completionStage,
            method.getAnnotation(ClientCallable.class) != null
                || grain.getAnnotation(ClientCallable.class) != null
                || method.getEnclosingElement().getAnnotation(ClientCallable.class) != null);
    }

    /** {@code name(erased.Param, types)} as seen from the grain interface. */
    private String signature(final TypeElement grain, final ExecutableElement method) {
        final ExecutableType executable = (ExecutableType)types.asMemberOf((DeclaredType)grain.asType(), method);
        final StringBuilder out = new StringBuilder(method.getSimpleName()).append('(');
        final List<? extends TypeMirror> parameterTypes = executable.getParameterTypes();
        for (int i = 0; i < parameterTypes.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(types.erasure(parameterTypes.get(i)));
        }
        return out.append(')').toString();
    }

    private String futureKind(final TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        final String name = ((TypeElement)((DeclaredType)type).asElement()).getQualifiedName().toString();
        return name.equals("java.util.concurrent.CompletableFuture") || name.equals("java.util.concurrent.CompletionStage")
            ? name : null;
    }

    private static boolean isVoid(final TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
            && ((TypeElement)((DeclaredType)type).asElement()).getQualifiedName().contentEquals("java.lang.Void");
    }

    private boolean isChecked(final TypeMirror thrown) {
        final TypeMirror runtimeException = elements.getTypeElement("java.lang.RuntimeException").asType();
        final TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
        return !types.isAssignable(thrown, runtimeException) && !types.isAssignable(thrown, error);
    }
}
