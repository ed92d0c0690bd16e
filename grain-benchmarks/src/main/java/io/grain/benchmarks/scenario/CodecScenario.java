package io.grain.benchmarks.scenario;

import io.grain.benchmarks.codec.CodecBenchmark;
import io.grain.benchmarks.load.ResultLine;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

/**
 * The codec scenario: runs {@link CodecBenchmark} through JMH with the GC profiler and reports
 * each benchmark's operations per microsecond and bytes allocated per operation.
 * {@code CodecScenario warmups=n iterations=n iterationMs=n forks=n}.
 */
public final class CodecScenario {
    private CodecScenario() {
    }

    public static void main(final String[] args) throws Exception {
        final io.grain.benchmarks.scenario.Options o = new io.grain.benchmarks.scenario.Options(args, 0);
        final int iterationMs = o.integer("iterationMs", 1000);
        final Options options = new OptionsBuilder()
            .include(CodecBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .warmupIterations(o.integer("warmups", 3))
            .warmupTime(TimeValue.milliseconds(iterationMs))
            .measurementIterations(o.integer("iterations", 5))
            .measurementTime(TimeValue.milliseconds(iterationMs))
            .forks(o.integer("forks", 1))
            .threads(1)
            .jvmArgsAppend("-Xmx256m")
            .build();
        final Collection<RunResult> results = new Runner(options).run();
        for (final RunResult result : results) {
            final String label = result.getParams().getBenchmark();
            final String name = "codec." + label.substring(label.lastIndexOf('.') + 1);
            ResultLine.print(name + ".ops_per_us", result.getPrimaryResult().getScore());
            final Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            ResultLine.print(name + ".bytes_per_op", alloc == null ? Double.NaN : alloc.getScore());
        }
        System.exit(0);
    }
}
