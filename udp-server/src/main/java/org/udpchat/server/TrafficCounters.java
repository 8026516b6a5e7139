package org.udpchat.server;

import java.util.EnumMap;
import java.util.Map;
import org.udpchat.codec.secure.SealException;

/**
 * What the relay has received, sent, sent again and dropped since it started: the traffic half of
 * {@code /stats}. Owned by the relay thread; {@link #stats} copies it for other threads.
 */
final class TrafficCounters {

    private long datagramsIn;
    private long datagramsOut;
    private long bytesIn;
    private long bytesOut;
    private long retransmissions;
    private long handshakes;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    void received(int bytes) {
        datagramsIn++;
        bytesIn += bytes;
    }

    void sent(int bytes) {
        datagramsOut++;
        bytesOut += bytes;
    }

    void retransmitted() {
        retransmissions++;
    }

    void dropped(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    /** A sealed datagram that did not open (or may not be sealed): counted by why. */
    void dropped(SealException.Reason reason) {
        dropped(dropReasonOf(reason));
    }

    /** A handshake answered: the server did its key agreement for a cookie that proved its address. */
    void handshook() {
        handshakes++;
    }

    static DropReason dropReasonOf(SealException.Reason reason) {
        switch (reason) {
            case NOT_SEALED:
                return DropReason.MALFORMED;
            case BAD_TAG:
                return DropReason.SEAL_BAD_TAG;
            case REPLAYED:
                return DropReason.SEAL_REPLAYED;
            case OLD_KEY:
                return DropReason.SEAL_OLD_KEY;
            case KEY_TOO_FAR_AHEAD:
                return DropReason.SEAL_KEY_TOO_FAR_AHEAD;
            case MALFORMED_INSIDE:
                return DropReason.SEAL_MALFORMED_INSIDE;
            case EXHAUSTED:
                return DropReason.SEND_FAILED;
            default:
                throw new AssertionError(reason);
        }
    }

    /** These counters with what {@code rooms} holds now, as {@code /stats} shows them. */
    RelayStats stats(Rooms rooms) {
        return new RelayStats(
                rooms.size(),
                rooms.nativeMembers(),
                rooms.joins(),
                rooms.rooms().size(),
                datagramsIn,
                datagramsOut,
                bytesIn,
                bytesOut,
                retransmissions,
                handshakes,
                drops);
    }
}
