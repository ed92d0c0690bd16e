package io.grain.testing;

import java.util.Collections;
import java.util.List;

/**
 * One call recorded by a generated stub: the method's name and its arguments in order.
 */
public final class StubCall {
    private final String method;
    private final List<Object> arguments;

    public StubCall(final String method, final List<Object> arguments) {
        this.method = method;
        this.arguments = Collections.unmodifiableList(arguments);
    }

    public String method() {
        return method;
    }

    public List<Object> arguments() {
        return arguments;
    }

    @Override
    public String toString() {
        return method + arguments;
    }
}
