package io.grain.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A fresh {@link TestCluster} for every test method, closed after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestClusterExtension cluster = TestClusterExtension.of(b -> b.members(3).register(Player.class, PlayerGrain::new));
 *
 * @Test
 * void scores() {
 *     cluster.get().grains().get(Player.class, "p1").addScore(10).join();
 * }
 * }</pre>
 * Test methods may also take a {@code TestCluster} parameter. Needs {@code junit-jupiter-api} on the
 * test classpath (an optional dependency of grain-runtime).
 */
public final class TestClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final Consumer<TestCluster.Builder> configuration;
    private TestCluster cluster;

    private TestClusterExtension(final Consumer<TestCluster.Builder> configuration) {
        this.configuration = configuration;
    }

    /** An extension whose clusters {@code configuration} sets up (members, registrations, ...). */
    public static TestClusterExtension of(final Consumer<TestCluster.Builder> configuration) {
        return new TestClusterExtension(Objects.requireNonNull(configuration, "configuration"));
    }

    /** The cluster of the running test. */
    public TestCluster get() {
        if (cluster == null) {
            throw new IllegalStateException("no test is running: the cluster starts before each test and closes after it");
        }
        return cluster;
    }

    @Override
    public void beforeEach(final ExtensionContext context) {
        final TestCluster.Builder builder = TestCluster.builder();
        configuration.accept(builder);
        cluster = builder.start();
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        final TestCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
        return get();
    }
}
