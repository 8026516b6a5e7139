package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The native codec fed anything, its events and requests included: whatever bytes arrive, it gives a
 * packet or its one typed error, and a packet it gives is written back as the same bytes. In {@code mvn
 * test} each target runs over the inputs kept in {@code
 * src/test/resources/org/udpchat/codec/NativeCodecFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1}
 * Jazzer fuzzes one target (see README's "Fuzzing"), and a failing input is written to that directory,
 * named in the failure, so it replays in every later build.
 */
class NativeCodecFuzzTest {

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /**
     * Any bytes, read by each of the four decoders (a client's handshake and plain datagram, the server's
     * handshake and plain datagram): a packet or {@link MalformedPacketException}, never another exception;
     * a decoded packet encodes back to the very same bytes, but for what the decoder skips by design (the
     * padding of a hello or an init, the fields of an event of a kind it does not know).
     */
    @FuzzTest
    void anyBytesDecodeToAPacketThatEncodesBackOrAreRejected(byte[] datagram) {
        for (NativeCodecTest.Decoder decoder : NativeCodecTest.Decoder.values()) {
            Packet packet;
            try {
                packet = decoder.decode(datagram);
            } catch (MalformedPacketException rejected) {
                continue;
            }
            byte[] encoded = NativeCodec.encode(packet);
            if (packet instanceof ClearClientPacket.Hello) {
                byte[] preambleAndNonceThenZeros =
                        Arrays.copyOf(Arrays.copyOf(datagram, NativeCodec.PREAMBLE_BYTES + 8), datagram.length);
                assertArrayEquals(preambleAndNonceThenZeros, encoded);
            } else if (packet instanceof ClearClientPacket.Init) {
                int fields = NativeCodec.PREAMBLE_BYTES + Cookie.BYTES + 8 + NativeCodec.NOISE_FIRST_BYTES;
                assertArrayEquals(Arrays.copyOf(Arrays.copyOf(datagram, fields), datagram.length), encoded);
            } else if (packet instanceof NativeServerPacket.Event event
                    && event.event() instanceof RoomEvent.Unrecognized) {
                assertArrayEquals(Arrays.copyOf(datagram, NativeCodec.SESSION_HEADER_BYTES + 1), encoded);
            } else if (packet instanceof NativeServerPacket.Event event
                    && event.event() instanceof RoomEvent.History history
                    && history.event() instanceof RoomEvent.Unrecognized) {
                // as above, inside a history: all up to the kind it holds encodes back (found by fuzzing)
                int kept = NativeCodec.SESSION_HEADER_BYTES + EventCodec.HISTORY_PREFIX_BYTES + 1;
                assertArrayEquals(Arrays.copyOf(datagram, kept), encoded);
            } else {
                assertArrayEquals(datagram, encoded);
            }
        }
    }

    /**
     * Packets, events and requests made of any fields: the records refuse what cannot be sent ({@link
     * IllegalArgumentException}, their documented answer), and everything they accept survives encoding and
     * decoding unchanged.
     */
    @FuzzTest
    void packetsOfAnyFieldsSurviveARoundTrip(FuzzedDataProvider data) throws MalformedPacketException {
        Packet packet;
        try {
            switch (data.consumeInt(0, 3)) {
                case 0:
                    packet = clientPacketOf(data);
                    break;
                case 1:
                    packet = serverPacketOf(data);
                    break;
                case 2:
                    packet = clearClientPacketOf(data);
                    break;
                default:
                    packet = clearServerPacketOf(data);
                    break;
            }
        } catch (IllegalArgumentException refusedByTheRecord) {
            return;
        }
        byte[] encoded = NativeCodec.encode(packet);
        assertEquals(packet, NativeCodecTest.decodeFrom(packet, ByteBuffer.wrap(encoded)));
    }

    private static ClearClientPacket clearClientPacketOf(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return new ClearClientPacket.Hello(data.consumeLong(), data.consumeInt(0, 1300));
        }
        return new ClearClientPacket.Init(
                cookieOf(data), data.consumeLong(), data.consumeBytes(33), data.consumeInt(0, 1300));
    }

    private static ClearServerPacket clearServerPacketOf(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return new ClearServerPacket.Challenge(cookieOf(data), data.consumeLong());
            case 1:
                return new ClearServerPacket.Reply(
                        data.consumeLong(), data.consumeBytes(NativeCodec.NOISE_SECOND_BYTES + 1));
            case 2:
                return new ClearServerPacket.Upgrade(
                        data.consumeInt(0, 256), data.consumeLong(-1, MAX_U32 + 1), data.consumeLong());
            default:
                return new ClearServerPacket.Unknown(data.consumeLong());
        }
    }

    private static ResumptionSecret secretOf(FuzzedDataProvider data) {
        return new ResumptionSecret(data.consumeLong(), data.consumeLong(), data.consumeLong(), data.consumeLong());
    }

    private static NativeClientPacket clientPacketOf(FuzzedDataProvider data) {
        long token = data.consumeLong();
        switch (data.consumeInt(1, 7)) {
            case 1:
                return new NativeClientPacket.Login(
                        data.consumeLong(), secretOf(data), data.consumeString(300), data.consumeRemainingAsString());
            case 2:
                long lineId = data.consumeBoolean() ? data.consumeLong() : LineId.NONE;
                return new NativeClientPacket.Chat(
                        token, u32(data), u32(data), data.consumeRemainingAsString(), lineId);
            case 3:
                return new NativeClientPacket.Quit(token, u32(data), u32(data));
            case 4:
                return new NativeClientPacket.Ack(token, u32(data));
            case 5:
                return new NativeClientPacket.Ping(token, u32(data));
            case 6:
                return new NativeClientPacket.PathResponse(token, data.consumeLong());
            default:
                return new NativeClientPacket.Request(token, u32(data), u32(data), requestOf(data));
        }
    }

    private static NativeServerPacket serverPacketOf(FuzzedDataProvider data) {
        long token = data.consumeLong();
        switch (data.consumeInt(1, 7)) {
            case 1:
                return new NativeServerPacket.Welcome(
                        token,
                        secretOf(data),
                        data.consumeBoolean(),
                        data.consumeString(300),
                        data.consumeRemainingAsString());
            case 2:
                return new NativeServerPacket.Refused(
                        data.pickValue(RefusalReason.values()), u32(data), data.consumeRemainingAsString());
            case 3:
                return new NativeServerPacket.Event(token, u32(data), u32(data), eventOf(data));
            case 4:
                return new NativeServerPacket.Ack(token, u32(data));
            case 5:
                return new NativeServerPacket.Pong(token, u32(data));
            case 6:
                return new NativeServerPacket.PathChallenge(token, data.consumeLong());
            default:
                return new NativeServerPacket.Ended(token, data.pickValue(EndReason.values()));
        }
    }

    private static RoomRequest requestOf(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0:
                return new RoomRequest.JoinRoom(data.consumeRemainingAsString());
            case 1:
                return new RoomRequest.ListRooms();
            case 2:
                return new RoomRequest.Who(data.consumeRemainingAsString());
            case 3:
                return new RoomRequest.PrivateMessage(data.consumeString(300), data.consumeRemainingAsString());
            case 4:
                long lineId = data.consumeBoolean() ? data.consumeLong() : LineId.NONE;
                return new RoomRequest.Action(data.consumeRemainingAsString(), lineId);
            default:
                return new RoomRequest.Nick(data.consumeRemainingAsString());
        }
    }

    private static RoomEvent eventOf(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 31)) {
            case 0:
                return new RoomEvent.Said(data.consumeString(300), data.consumeRemainingAsString());
            case 1:
                return new RoomEvent.Joined(data.consumeRemainingAsString());
            case 2:
                return new RoomEvent.Left(data.consumeRemainingAsString());
            case 3:
                return new RoomEvent.TimedOut(data.consumeRemainingAsString());
            case 4:
                return new RoomEvent.Kicked(data.consumeString(300), data.consumeRemainingAsString());
            case 5:
                return new RoomEvent.Dropped(data.consumeRemainingAsString());
            case 6:
                return new RoomEvent.Announced(data.consumeRemainingAsString());
            case 7:
                return new RoomEvent.Closing();
            case 8:
                return new RoomEvent.YouWereKicked(data.consumeRemainingAsString());
            case 9:
                return new RoomEvent.NotRelayed(data.pickValue(ChatText.Problem.values()));
            case 10:
                return new RoomEvent.YouAreIn(data.consumeString(300), u32(data));
            case 11:
                List<RoomEvent.RoomCount> rooms = new ArrayList<>();
                long total = u32(data);
                while (data.remainingBytes() > 0 && rooms.size() < 64) {
                    rooms.add(new RoomEvent.RoomCount(data.consumeString(40), u32(data)));
                }
                return new RoomEvent.RoomList(total, rooms);
            case 12:
                return new RoomEvent.MemberList(data.consumeString(300), u32(data), namesOf(data));
            case 13:
                return new RoomEvent.PrivateFrom(data.consumeString(300), data.consumeRemainingAsString());
            case 14:
                return new RoomEvent.PrivateTo(data.consumeString(300), data.consumeRemainingAsString());
            case 15:
                return new RoomEvent.Acted(data.consumeString(300), data.consumeRemainingAsString());
            case 16:
                return new RoomEvent.Renamed(data.consumeString(300), data.consumeRemainingAsString());
            case 17:
                return new RoomEvent.Failed(
                        data.pickValue(Failure.values()), u32(data), data.consumeRemainingAsString());
            case 18:
                return new RoomEvent.Muted(u32(data));
            case 19:
                return new RoomEvent.Unmuted();
            case 20:
                return new RoomEvent.ManyJoined(u32(data), namesOf(data));
            case 21:
                return new RoomEvent.ManyLeft(u32(data), namesOf(data));
            case 22:
                return new RoomEvent.SlowedDown(u32(data));
            case 23:
                return new RoomEvent.Went(data.consumeString(300), data.consumeRemainingAsString());
            case 24:
                return new RoomEvent.Came(data.consumeString(300), data.consumeRemainingAsString());
            case 25:
                return new RoomEvent.AnnouncedToRoom(data.consumeString(300), data.consumeRemainingAsString());
            case 26:
                return new RoomEvent.Banned(data.consumeString(300), u32(data));
            case 27:
                return new RoomEvent.YouWereBanned(u32(data));
            case 28:
                return new RoomEvent.History(u32(data), data.consumeLong(0, Long.MAX_VALUE), lineOf(data));
            case 29:
                return new RoomEvent.Missed(u32(data), data.consumeRemainingAsString());
            case 30:
                return new RoomEvent.TakesLineIds();
            default:
                return new RoomEvent.Unrecognized(data.consumeInt(0, 255));
        }
    }

    /** What a history holds: any event but another history. */
    private static RoomEvent lineOf(FuzzedDataProvider data) {
        RoomEvent event = eventOf(data);
        return event instanceof RoomEvent.History ? new RoomEvent.Said("bob", "hi") : event;
    }

    private static List<String> namesOf(FuzzedDataProvider data) {
        List<String> names = new ArrayList<>();
        while (data.remainingBytes() > 0 && names.size() < 64) {
            names.add(data.consumeString(40));
        }
        return names;
    }

    private static Cookie cookieOf(FuzzedDataProvider data) {
        return new Cookie(u32(data), data.consumeLong(), data.consumeLong());
    }

    private static long u32(FuzzedDataProvider data) {
        return data.consumeLong(0, MAX_U32);
    }
}
