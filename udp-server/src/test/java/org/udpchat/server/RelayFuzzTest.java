package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * The relay fed a story told by the fuzzer: datagrams from a handful of addresses (raw bytes, classic lines,
 * native packets from scripted peers that echo the cookies the relay handed them, shake hands and seal with
 * the keys agreed, so the story reaches deep into sessions), the clock moving, the timers ticking and the operator's commands, in any
 * order. After every step {@link RelayWatch} checks the room's rules: nothing thrown, every datagram sent
 * decodes, no unproven address is sent more than its datagram carried, the member table is consistent.
 *
 * <p>In {@code mvn test} the target runs over the inputs kept in {@code
 * src/test/resources/org/udpchat/server/RelayFuzzTestInputs/<method>/}; with {@code JAZZER_FUZZ=1} Jazzer
 * fuzzes it (see README's "Fuzzing"), and a failing input is written to that directory, named in the
 * failure, so it replays in every later build. The relay's randomness is seeded, so an input replays the
 * same story.
 */
class RelayFuzzTest {

    /** Enough for a story to reach any state; longer inputs add length, not depth. */
    private static final int MAX_STEPS = 200;

    /** A step of the clock as short as a delayed acknowledgement's wait: time passing in small steps. */
    private static final long SMALL_STEP_MILLIS = 10;

    private static final String[] NAMES = {"bob", "alice", "BOB", "ｂｏｂ", "小明", "管理员", "аlice", "x".repeat(32)};
    private static final String[] ROOMS = {"", "lobby", "rust", "RUST", "大厅"};

    /**
     * Loopback, private and link-local addresses, where classic text is taken by default, and public ones,
     * where it is not; two ports on one IPv4 address, so per-address limits meet.
     */
    private static final InetSocketAddress[] ADDRESSES = {
        address("127.0.0.1", 40000),
        address("127.0.0.1", 40001),
        address("127.0.0.2", 40000),
        address("::1", 40000),
        address("192.168.1.20", 5000),
        address("fe80::1", 5000),
        address("203.0.113.5", 7000),
        address("2001:db8::1", 7000),
    };

    @FuzzTest
    void anyStoryKeepsTheRoomsRules(FuzzedDataProvider data) {
        FakeClock clock = new FakeClock();
        RecordingOutbox outbox = new RecordingOutbox();
        ServerConfig config = configOf(data.consumeInt(0, 2));
        Relay relay = newRelay(config, clock, outbox);
        ScriptedPeers peers = new ScriptedPeers(outbox.keys());
        RelayWatch watch = new RelayWatch(relay, outbox, config.limits());
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            int kind = data.consumeInt(0, 17);
            if (kind <= 12) {
                InetSocketAddress from = data.pickValue(ADDRESSES);
                step(relay, watch, peers, from, datagramOf(kind, from, data, peers));
            } else if (kind == 13) {
                honestJoin(relay, watch, peers, data.pickValue(ADDRESSES), data);
            } else {
                watch.beforeOther();
                if (kind == 14) {
                    clock.advanceMillis(data.consumeInt(0, 40_000));
                    relay.onTick();
                } else if (kind == 15) {
                    for (int ticks = data.consumeInt(1, 50); ticks > 0; ticks--) {
                        clock.advanceMillis(SMALL_STEP_MILLIS);
                        relay.onTick();
                    }
                } else if (kind == 16) {
                    operatorCommand(relay, data);
                } else {
                    relay.onShutdown();
                    relay.isClosed();
                }
                peers.heard(watch.afterOther());
            }
        }
    }

    /** The relay receives {@code datagram} from {@code from}, watched; the peers hear what it sent. */
    private static void step(
            Relay relay,
            RelayWatch watch,
            ScriptedPeers peers,
            InetSocketAddress from,
            ScriptedPeers.Scripted datagram) {
        watch.beforeDatagram(from);
        relay.onDatagram(from, ByteBuffer.wrap(datagram.bytes()));
        peers.heard(watch.afterDatagram(from, datagram.bytes(), datagram.inside()));
    }

    /**
     * An honest client's way in, in three steps: hello, init with the cookie it earned, login sealed under
     * the handshake the reply finished (a new session, or one of the story's presented with its secret or
     * without). Protocol 2's three round trips make a session too deep for the fuzzer to find step by step.
     */
    private static void honestJoin(
            Relay relay, RelayWatch watch, ScriptedPeers peers, InetSocketAddress from, FuzzedDataProvider data) {
        step(relay, watch, peers, from, clear(NativeCodec.encode(new ClearClientPacket.Hello(data.consumeLong(), 64))));
        step(
                relay,
                watch,
                peers,
                from,
                clear(NativeCodec.encode(peers.init(peers.cookieFor(from, 0), data.consumeLong()))));
        try {
            step(relay, watch, peers, from, peers.login(from, data, nameOf(data), data.pickValue(ROOMS)));
        } catch (IllegalArgumentException notAPacket) {
            // a fuzzed name no login may carry: the join stops at the handshake
        }
    }

    /**
     * The one place the harness builds a relay: what a change to {@link Relay}'s constructor touches. The
     * randomness is seeded so that an input replays exactly.
     */
    private static Relay newRelay(ServerConfig config, FakeClock clock, RecordingOutbox outbox) {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA1PRNG", e);
        }
        random.setSeed(1); // before any draw, so the generator is this seed alone
        // a fixed server key, not drawn from random: the draws, and so the replays, stay as they were
        byte[] serverKey = new byte[NoiseKeyPair.KEY_LENGTH];
        Arrays.fill(serverKey, (byte) 7);
        return new Relay(
                config, clock, outbox, random, Moderation.inMemory(clock), NoiseKeyPair.fromPrivateKey(serverKey));
    }

    /** The server's defaults; the relay tests' (classic from anywhere, no flood control); or tight limits. */
    private static ServerConfig configOf(int choice) {
        ServerConfig defaults = ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0);
        if (choice == 0) {
            return defaults;
        }
        if (choice == 1) {
            return RelayFixture.DEFAULTS;
        }
        return defaults.withLimits(new RoomLimits(4, 3, 3, 2, 2, 1))
                .withClassicIdleTimeout(Duration.ofSeconds(60))
                .withSessionTimeout(Duration.ofSeconds(10))
                .withSafeguards(Safeguards.DEFAULTS
                        .withClassic(ClassicAccess.ANY)
                        .withFlood(new FloodControl(2, 1))
                        .withBacklog(new Backlog(8, 2_000, Duration.ofSeconds(2), Duration.ofSeconds(5))));
    }

    private static ScriptedPeers.Scripted datagramOf(
            int kind, InetSocketAddress from, FuzzedDataProvider data, ScriptedPeers peers) {
        try {
            switch (kind) {
                case 0:
                    return clear(data.consumeBytes(1300));
                case 1:
                    return clear(("L " + nameOf(data)).getBytes(UTF_8));
                case 2:
                    return clear(("C " + nameOf(data) + " " + data.consumeString(80)).getBytes(UTF_8));
                case 3:
                    return clear(("Q " + nameOf(data)).getBytes(UTF_8));
                case 4:
                    return clear(NativeCodec.encode(
                            new ClearClientPacket.Hello(data.consumeLong(), data.consumeInt(64, 200))));
                case 5:
                    return clear(NativeCodec.encode(
                            peers.init(peers.cookieFor(from, data.consumeInt(0, 3)), data.consumeLong())));
                case 6:
                    return peers.login(from, data, nameOf(data), data.pickValue(ROOMS));
                case 7:
                    ScriptedPeers.Session chatter = peers.pick(data);
                    return peers.seal(
                            new NativeClientPacket.Chat(
                                    chatter.token(), chatter.seq(data), chatter.ack(data), data.consumeString(80)),
                            data);
                case 8:
                    ScriptedPeers.Session asker = peers.pick(data);
                    return peers.seal(
                            new NativeClientPacket.Request(
                                    asker.token(), asker.seq(data), asker.ack(data), requestOf(data)),
                            data);
                case 9:
                    ScriptedPeers.Session quitter = peers.pick(data);
                    return peers.seal(
                            new NativeClientPacket.Quit(quitter.token(), quitter.seq(data), quitter.ack(data)), data);
                case 10:
                    ScriptedPeers.Session acker = peers.pick(data);
                    return peers.seal(new NativeClientPacket.Ack(acker.token(), acker.ack(data)), data);
                case 11:
                    ScriptedPeers.Session pinger = peers.pick(data);
                    return peers.seal(new NativeClientPacket.Ping(pinger.token(), pinger.ack(data)), data);
                default:
                    return peers.seal(peers.pathResponse(data), data);
            }
        } catch (IllegalArgumentException notAPacket) {
            // A fuzzed field no packet may hold (an empty or padded name, a text with a lone surrogate): the
            // bytes a client could still send are the raw kind's job, so this step sends an empty datagram.
            return clear(new byte[0]);
        }
    }

    private static ScriptedPeers.Scripted clear(byte[] bytes) {
        return new ScriptedPeers.Scripted(bytes, null);
    }

    private static RoomRequest requestOf(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0:
                return new RoomRequest.JoinRoom(roomOf(data));
            case 1:
                return new RoomRequest.ListRooms();
            case 2:
                return new RoomRequest.Who(data.consumeBoolean() ? "" : roomOf(data));
            case 3:
                return new RoomRequest.PrivateMessage(nameOf(data), data.consumeString(80));
            case 4:
                return new RoomRequest.Action(data.consumeString(80));
            default:
                return new RoomRequest.Nick(nameOf(data));
        }
    }

    private static void operatorCommand(Relay relay, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 11)) {
            case 0:
                relay.onAnnouncement(data.consumeString(80));
                break;
            case 1:
                relay.onSay(roomOf(data), data.consumeString(80));
                break;
            case 2:
                relay.onKick(nameOf(data), data.consumeString(20));
                break;
            case 3:
                relay.onBan(nameOf(data), termOf(data));
                break;
            case 4:
                relay.onBanAddress(data.pickValue(ADDRESSES).getAddress(), termOf(data));
                break;
            case 5:
                relay.onUnban(data.pickValue(ADDRESSES).getAddress());
                break;
            case 6:
                relay.onMute(nameOf(data), termOf(data));
                break;
            case 7:
                relay.onUnmute(nameOf(data));
                break;
            case 8:
                relay.restrictions();
                break;
            case 9:
                relay.describeSessions();
                break;
            case 10:
                relay.rooms();
                break;
            default:
                relay.millisUntilDue();
                break;
        }
    }

    private static Term termOf(FuzzedDataProvider data) {
        return data.consumeBoolean() ? Term.UNTIL_LIFTED : Term.ofMinutes(data.consumeLong(1, Term.MAX_MINUTES));
    }

    /** Mostly names that meet each other (the same name in other cases and widths, look-alikes), sometimes any. */
    private static String nameOf(FuzzedDataProvider data) {
        // false (what an input that ran out of bytes reads) picks a name: an empty one would make no packet
        return data.consumeBoolean() ? data.consumeString(40) : data.pickValue(NAMES);
    }

    private static String roomOf(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(ROOMS) : data.consumeString(40);
    }

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(host, e);
        }
    }
}
