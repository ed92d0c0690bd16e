package io.grain.benchmarks.scenario;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.grain.benchmarks.load.ResultLine;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The limit: raw Aeron UDP on loopback between two JVMs, with the driver settings of Grain's
 * embedded driver (INVOKER threading on the one thread that also polls and offers, back-off
 * idle strategy, 1 MiB sparse term buffers, one ExclusivePublication per direction).
 * <pre>
 *   RawAeron echo   self=host:port peer=host:port aeronDir=...   echoes pings, counts floods, answers count requests
 *   RawAeron driver self=host:port peer=host:port aeronDir=... messageBytes= warmupMs= measureMs= latencyMs=
 * </pre>
 * The driver measures the one-way message rate (the echo side counts what arrives) and ping-pong
 * round trips (one message in flight). A benchmark main: figures go to stdout.
 */
public final class RawAeron {
    private static final int STREAM = 0x4752_0001;
    /** Grain's term length for its default 64 KiB maximum message: 8 frames, next power of two. */
    private static final int TERM_LENGTH = BitUtil.findNextPositivePowerOfTwo((64 * 1024 + 8) * 8);
    private static final byte PING = 1;
    private static final byte FLOOD = 2;
    private static final byte COUNT = 3;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker clientInvoker;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    private RawAeron(final Options o) {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(o.require("aeronDir"))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.INVOKER)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(TERM_LENGTH));
        driverInvoker = driver.sharedAgentInvoker();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
            .useConductorAgentInvoker(true).driverAgentInvoker(driverInvoker));
        clientInvoker = aeron.conductorAgentInvoker();
        subscription = aeron.addSubscription("aeron:udp?endpoint=" + o.require("self"), STREAM);
        publication = aeron.addExclusivePublication("aeron:udp?endpoint=" + o.require("peer") + "|term-length=" + TERM_LENGTH, STREAM);
    }

    public static void main(final String[] args) throws Exception {
        final Options o = new Options(args, 1);
        final RawAeron raw = new RawAeron(o);
        try {
            if ("echo".equals(args[0])) {
                raw.echo();
            } else {
                raw.drive(o);
            }
        } finally {
            raw.close();
        }
        System.exit(0);
    }

    private int duty() {
        return driverInvoker.invoke() + clientInvoker.invoke();
    }

    private void send(final int length) {
        long result;
        while ((result = publication.offer(out, 0, length)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("publication unusable: " + result);
            }
            // BACK_PRESSURED, NOT_CONNECTED, ADMIN_ACTION: let the driver work, then retry
            idle.idle(duty());
        }
    }

    private void echo() throws Exception {
        final long[] flooded = new long[1];
        final FragmentHandler handler = (buffer, offset, length, header) -> {
            final byte type = buffer.getByte(offset);
            if (type == FLOOD) {
                flooded[0]++;
            } else if (type == PING) {
                out.putBytes(0, buffer, offset, length);
                send(length);
            } else if (type == COUNT) {
                out.putByte(0, COUNT);
                out.putLong(8, flooded[0]);
                send(16);
            }
        };
        ResultLine.ready("aeron");
        final Thread stdin = new Thread(() -> {
            try {
                ResultLine.awaitStdinClosed();
            } catch (final java.io.IOException ignored) {
                // closed either way
            }
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();
        while (stdin.isAlive()) {
            idle.idle(duty() + subscription.poll(handler, 64));
        }
    }

    private void drive(final Options o) {
        final int bytes = o.integer("messageBytes", 48);
        final long[] reply = new long[2];
        final FragmentHandler handler = (buffer, offset, length, header) -> {
            reply[0] = buffer.getByte(offset);
            reply[1] = buffer.getLong(offset + 8);
        };
        awaitConnected();
        // one-way rate: flood, and ask the echo side how many arrived between two count requests
        flood(bytes, o.millisAsNanos("warmupMs", 2000));
        final long c0 = count(handler, reply);
        final long t0 = System.nanoTime();
        flood(bytes, o.millisAsNanos("measureMs", 3000));
        final long c1 = count(handler, reply);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        ResultLine.print("aeron.oneway.rate", (c1 - c0) / seconds);
        ResultLine.print("aeron.oneway.messageBytes", bytes);
        // ping-pong: one in flight, round trip time
        final Histogram rtt = new Histogram(3);
        pingPong(handler, reply, bytes, o.millisAsNanos("warmupMs", 2000) / 2, null);
        final long n = pingPong(handler, reply, bytes, o.millisAsNanos("latencyMs", 3000), rtt);
        ResultLine.print("aeron.pingpong.rate", n / (o.millisAsNanos("latencyMs", 3000) / 1e9));
        ResultLine.print("aeron.pingpong.p50_us", rtt.getValueAtPercentile(50) / 1000.0);
        ResultLine.print("aeron.pingpong.p99_us", rtt.getValueAtPercentile(99) / 1000.0);
        ResultLine.print("aeron.pingpong.p999_us", rtt.getValueAtPercentile(99.9) / 1000.0);
        ResultLine.print("aeron.pingpong.max_us", rtt.getMaxValue() / 1000.0);
    }

    private void awaitConnected() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!publication.isConnected() || !subscription.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("raw Aeron peers did not connect within 30 s");
            }
            // the echo side connects its publication back to us once it runs; poke it with a count request
            if (publication.isConnected()) {
                out.putByte(0, COUNT);
                publication.offer(out, 0, 16);
            }
            idle.idle(duty() + subscription.poll((b, off, len, h) -> { }, 16));
        }
    }

    private void flood(final int bytes, final long nanos) {
        out.setMemory(0, bytes, (byte)0);
        out.putByte(0, FLOOD);
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 64; i++) {
                send(bytes);
            }
            duty();
            subscription.poll((b, off, len, h) -> { }, 64);
        }
    }

    private long count(final FragmentHandler handler, final long[] reply) {
        out.putByte(0, COUNT);
        send(16);
        reply[0] = 0;
        while (reply[0] != COUNT) {
            idle.idle(duty() + subscription.poll(handler, 64));
        }
        return reply[1];
    }

    private long pingPong(final FragmentHandler handler, final long[] reply, final int bytes, final long nanos, final Histogram rtt) {
        final long end = System.nanoTime() + nanos;
        long n = 0;
        out.setMemory(0, bytes, (byte)0);
        long start;
        while ((start = System.nanoTime()) < end) {
            out.putByte(0, PING);
            out.putLong(8, start);
            send(bytes);
            reply[0] = 0;
            while (reply[0] != PING) {
                idle.idle(duty() + subscription.poll(handler, 16));
            }
            if (rtt != null) {
                rtt.recordValue(System.nanoTime() - start);
            }
            idle.reset();
            n++;
        }
        return n;
    }

    private void close() {
        CloseHelper.quietCloseAll(publication, subscription, aeron, driver);
    }
}
