package io.grain.transport.aeron;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.time.Duration;
import java.util.UUID;

/**
 * Someone who can send UDP datagrams to a member: a media driver of its own and a publication on
 * each of the member's two streams, offering whatever bytes a test makes (signed with a key, or not).
 */
final class Rogue implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final String dir = new File(AeronTransport.Context.DEFAULT_DIRECTORY_PARENT, "grain-test-rogue-" + UUID.randomUUID()).getPath();
    private final MediaDriver driver;
    private final Aeron aeron;
    final ExclusivePublication data;
    final ExclusivePublication control;
    private final UnsafeBuffer wrapper = new UnsafeBuffer(new byte[0]);

    Rogue(final String endpoint) {
        driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir).threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true).dirDeleteOnShutdown(true).termBufferSparseFile(true)
            .publicationTermBufferLength(1024 * 1024));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        data = aeron.addExclusivePublication("aeron:udp?endpoint=" + endpoint, AeronTransport.Context.DEFAULT_STREAM_ID);
        control = aeron.addExclusivePublication("aeron:udp?endpoint=" + endpoint, AeronTransport.Context.DEFAULT_CONTROL_STREAM_ID);
        Await.until(WAIT, () -> data.isConnected() && control.isConnected(), () -> "rogue publications connected");
    }

    /** Offers {@code frame} on {@code publication}, waiting (bounded) through back pressure. */
    void send(final ExclusivePublication publication, final byte[] frame) {
        wrapper.wrap(frame);
        Await.until(WAIT, () -> publication.offer(wrapper, 0, frame.length) > 0, () -> "rogue offer");
    }

    /** A frame of {@code version} and {@code type} from {@code sender}; signed with {@code key} unless it is null. */
    static byte[] frame(final byte version, final byte type, final int sender, final byte[] body, final ClusterKey key) {
        final int tag = key == null ? 0 : FrameAuthenticator.TAG_LENGTH;
        final byte[] frame = new byte[Frames.HEADER_LENGTH + body.length + tag];
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        Frames.writeHeader(buffer, 0, version, type, sender);
        buffer.putBytes(Frames.HEADER_LENGTH, body);
        if (key != null) {
            final FrameAuthenticator mac = new FrameAuthenticator(key);
            mac.begin();
            mac.update(buffer, 0, Frames.HEADER_LENGTH + body.length);
            mac.end(buffer, Frames.HEADER_LENGTH + body.length);
        }
        return frame;
    }

    /** A frame as a member holding {@code key} would send it. */
    static byte[] signed(final byte type, final int sender, final byte[] body, final ClusterKey key) {
        return frame(Frames.VERSION_AUTHENTICATED, type, sender, body, key);
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(aeron, driver);
        IoUtil.delete(new File(dir), true);
    }
}
