package org.udpchat.client.bench;

import java.nio.ByteBuffer;
import org.udpchat.codec.NativeCodec;

/**
 * A native EVENT read in place, without decoding it into records and strings: its sequence number and
 * acknowledgement, and whether it is a SAID whose text is a number, which is all a load member needs of the
 * hundred thousand events a second it measures. The layout is {@link NativeCodec}'s session header and
 * {@code EventCodec}'s SAID body (kind 1, a name as a length byte and its bytes, the text to the end);
 * {@code SaidViewTest} checks it against what the codec writes. Anything else is left to the codec.
 */
final class SaidView {

    private static final int TYPE_OFFSET = 3;
    private static final int EVENT_TYPE = 0x84;
    private static final int SEQ_OFFSET = 12;
    private static final int ACK_OFFSET = 16;
    private static final int KIND_OFFSET = NativeCodec.SESSION_HEADER_BYTES;
    private static final int SAID_KIND = 1;
    private static final int NAME_OFFSET = KIND_OFFSET + 1;

    private SaidView() {}

    /** Whether the datagram is a native EVENT with at least its kind. */
    static boolean isEvent(ByteBuffer datagram) {
        return datagram.remaining() > KIND_OFFSET
                && NativeCodec.isNative(datagram)
                && (datagram.get(datagram.position() + TYPE_OFFSET) & 0xFF) == EVENT_TYPE;
    }

    static long seq(ByteBuffer event) {
        return event.getInt(event.position() + SEQ_OFFSET) & 0xFFFF_FFFFL;
    }

    static long ack(ByteBuffer event) {
        return event.getInt(event.position() + ACK_OFFSET) & 0xFFFF_FFFFL;
    }

    /** Whether the event is a SAID with a name and a text. */
    static boolean isSaid(ByteBuffer event) {
        int start = event.position();
        return event.remaining() > NAME_OFFSET
                && event.get(start + KIND_OFFSET) == SAID_KIND
                && event.remaining() > NAME_OFFSET + 1 + nameLength(event);
    }

    /** Whether the SAID's name is the UTF-8 {@code name}. */
    static boolean isSaidBy(ByteBuffer said, byte[] name) {
        if (nameLength(said) != name.length) {
            return false;
        }
        int from = said.position() + NAME_OFFSET + 1;
        for (int i = 0; i < name.length; i++) {
            if (said.get(from + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The load member whose SAID this is, read from its name {@code m<index>}, as the load program names its
     * members; -1 for any other name.
     */
    static int speakerIndex(ByteBuffer said) {
        int from = said.position() + NAME_OFFSET + 1;
        return LoadProtocol.memberIndex(said, from, from + nameLength(said));
    }

    /** The SAID's text read as a decimal number, as the load program's chats are. */
    static long number(ByteBuffer said) {
        long number = 0;
        for (int i = said.position() + NAME_OFFSET + 1 + nameLength(said); i < said.limit(); i++) {
            number = number * 10 + (said.get(i) - '0');
        }
        return number;
    }

    private static int nameLength(ByteBuffer said) {
        return said.get(said.position() + NAME_OFFSET) & 0xFF;
    }
}
