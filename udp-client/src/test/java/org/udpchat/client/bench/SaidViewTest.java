package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;

/** The load program's in-place reading of events agrees with what the codec writes. */
class SaidViewTest {

    @Test
    void readsASaidAsTheCodecWritesIt() {
        ByteBuffer event = encoded(new NativeServerPacket.Event(
                0x0102030405060708L, 4_000_000_000L, 7, new RoomEvent.Said("m12", "1234567890123")));

        assertTrue(SaidView.isEvent(event));
        assertEquals(4_000_000_000L, SaidView.seq(event));
        assertEquals(7, SaidView.ack(event));
        assertTrue(SaidView.isSaid(event));
        assertEquals(1234567890123L, SaidView.number(event));
        assertTrue(SaidView.isSaidBy(event, "m12".getBytes(StandardCharsets.UTF_8)));
        assertFalse(SaidView.isSaidBy(event, "m1".getBytes(StandardCharsets.UTF_8)));
        assertFalse(SaidView.isSaidBy(event, "m13".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anotherEventIsNoSaid() {
        ByteBuffer event = encoded(new NativeServerPacket.Event(1, 2, 0, new RoomEvent.Joined("bob")));

        assertTrue(SaidView.isEvent(event));
        assertEquals(2, SaidView.seq(event));
        assertFalse(SaidView.isSaid(event));
    }

    @Test
    void anAcknowledgementIsNoEvent() {
        assertFalse(SaidView.isEvent(encoded(new NativeServerPacket.Ack(1, 2))));
    }

    @Test
    void classicTextIsNoEvent() {
        assertFalse(SaidView.isEvent(ByteBuffer.wrap("m1 : 123 and some more text".getBytes(StandardCharsets.UTF_8))));
    }

    private static ByteBuffer encoded(NativeServerPacket packet) {
        ByteBuffer datagram = ByteBuffer.allocate(2048);
        datagram.position(5); // not at the start of its buffer: the view reads from the position
        NativeCodec.encode(packet, datagram);
        return datagram.limit(datagram.position()).position(5);
    }
}
