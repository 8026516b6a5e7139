package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SessionCipher;

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
        assertEquals(12, SaidView.speakerIndex(event));
    }

    @Test
    void aSpeakerNotNamedAsALoadMemberHasNoIndex() {
        for (String name : new String[] {"alice", "m", "mx1", "n12"}) {
            ByteBuffer event = encoded(new NativeServerPacket.Event(1, 1, 0, new RoomEvent.Said(name, "5")));

            assertEquals(-1, SaidView.speakerIndex(event), name);
        }
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

    @Test
    void readsTheEventASealedDatagramOpensTo() throws Exception {
        SecureRandom random = new SecureRandom();
        HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(random));
        HandshakeResponder.Response response = HandshakeResponder.respond(
                NoiseKeyPair.generate(random), initiator.firstMessage(), 77, NoiseKeyPair.generator(random));
        SessionCipher server = new SessionCipher(SessionCipher.Side.SERVER, response.keys(), 0);
        SessionCipher member = new SessionCipher(
                SessionCipher.Side.CLIENT,
                initiator.readReply(response.secondMessage()).keys(),
                0);
        // as the relay writes it: the recipient's header, then the body encoded once
        ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        NativeCodec.writeEventHeader(77, 9, 4, plain);
        plain.put(EventCodec.encode(new RoomEvent.Said("m3", "31415"))).flip();
        ByteBuffer sealed = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        server.seal(77, plain, sealed, 0);
        sealed.flip();

        assertFalse(SaidView.isEvent(sealed), "a sealed datagram is read only once opened");
        ByteBuffer opened = member.open(sealed);
        assertTrue(SaidView.isEvent(opened));
        assertEquals(9, SaidView.seq(opened));
        assertEquals(4, SaidView.ack(opened));
        assertTrue(SaidView.isSaidBy(opened, "m3".getBytes(StandardCharsets.UTF_8)));
        assertEquals(31415, SaidView.number(opened));
    }

    private static ByteBuffer encoded(NativeServerPacket packet) {
        ByteBuffer datagram = ByteBuffer.allocate(2048);
        datagram.position(5); // not at the start of its buffer: the view reads from the position
        NativeCodec.encode(packet, datagram);
        return datagram.limit(datagram.position()).position(5);
    }
}
