package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * What every {@link Crowd} has whatever its members speak: a channel per member (its own port on the
 * loopback address, as a real client has), all registered in one selector with the member's index as the
 * key's attachment, and the counts the storm and idle runs read. The subclass speaks the protocol and
 * keeps the counts up to date.
 */
abstract class ChannelCrowd implements Crowd {

    protected final int members;
    protected final int handshakeWindow;
    protected final Selector selector;
    protected final DatagramChannel[] channels;

    /** Joins each member heard of since its welcome. */
    protected final long[] joinsHeard;

    /** Each member's place among the welcomes. */
    protected final int[] place;

    /** Until {@link #beginJoining}, nobody joins: the relay can be measured with no members first. */
    protected boolean joining;

    protected int welcomed;
    protected int failed;
    protected long lastWelcomeNanos;
    protected long lastNoticeNanos;
    protected long noticeDatagrams;
    protected long received;
    protected long sent;

    /**
     * Opens a channel per member, connected to {@code relay} (none joins before {@link #beginJoining}).
     *
     * @param handshakeWindow handshakes in flight at most: enough to keep the relay busy, few enough not to
     *     overflow its socket buffer
     */
    protected ChannelCrowd(InetSocketAddress relay, int members, int handshakeWindow) throws IOException {
        this.members = members;
        this.handshakeWindow = handshakeWindow;
        this.selector = Selector.open();
        this.channels = new DatagramChannel[members];
        this.joinsHeard = new long[members];
        this.place = new int[members];
        try {
            for (int i = 0; i < members; i++) {
                channels[i] = DatagramChannel.open();
                channels[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                channels[i].connect(relay);
                channels[i].configureBlocking(false);
                channels[i].register(selector, SelectionKey.OP_READ, i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final void beginJoining() {
        joining = true;
    }

    @Override
    public final int welcomed() {
        return welcomed;
    }

    @Override
    public final int failed() {
        return failed;
    }

    @Override
    public final long lastWelcomeNanos() {
        return lastWelcomeNanos;
    }

    @Override
    public final long lastNoticeNanos() {
        return lastNoticeNanos;
    }

    @Override
    public final long noticeDatagrams() {
        return noticeDatagrams;
    }

    @Override
    public final long datagramsReceived() {
        return received;
    }

    @Override
    public final long datagramsSent() {
        return sent;
    }

    @Override
    public final JoinTally joinTally() {
        return new JoinTally(joinsHeard.clone(), place.clone());
    }

    @Override
    public final void close() throws IOException {
        for (DatagramChannel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
        selector.close();
    }
}
