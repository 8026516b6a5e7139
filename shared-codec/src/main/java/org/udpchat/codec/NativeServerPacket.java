package org.udpchat.codec;

import java.util.Objects;

/** A native datagram the server sends. Layouts are in {@link NativeCodec}. */
public sealed interface NativeServerPacket extends Packet
        permits NativeServerPacket.Challenge,
                NativeServerPacket.Welcome,
                NativeServerPacket.Refused,
                NativeServerPacket.Event,
                NativeServerPacket.Ack,
                NativeServerPacket.Pong,
                NativeServerPacket.PathChallenge,
                NativeServerPacket.Ended {

    /** The answer to a hello: a cookie to echo in the login, and the hello's {@code nonce}. */
    record Challenge(Cookie cookie, long nonce) implements NativeServerPacket {
        public Challenge {
            Objects.requireNonNull(cookie, "cookie == null");
        }

        /** The answer to a hello with no nonce. */
        public Challenge(Cookie cookie) {
            this(cookie, 0);
        }
    }

    /**
     * The login was accepted: {@code token} names the session in every later datagram; the member is
     * {@code name} in {@code room} (empty from a server that does not say). {@code nonce} is the login's.
     */
    record Welcome(long token, long nonce, String name, String room) implements NativeServerPacket {
        public Welcome {
            FieldChecks.requireToken(token);
            FieldChecks.requireNativeName(name);
            FieldChecks.requireOptionalName(room, "room");
        }

        /** The welcome of a login with no nonce. */
        public Welcome(long token, String name, String room) {
            this(token, 0, name, room);
        }

        /** The welcome of a login with no nonce, not saying the room. */
        public Welcome(long token, String name) {
            this(token, 0, name, "");
        }
    }

    /**
     * The login was refused for {@code reason}; {@code limit} is the limit hit, or 0; {@code nonce} is the
     * login's. {@code subject} is the name a {@link RefusalReason#NAME_LOOKS_LIKE} login looks like, and
     * empty for every other reason (and for a look-alike of the administrator, or when the name would make
     * the refusal larger than the login it answers).
     */
    record Refused(RefusalReason reason, long limit, long nonce, String subject) implements NativeServerPacket {
        public Refused {
            Objects.requireNonNull(reason, "reason == null");
            FieldChecks.requireUnsigned32(limit, "limit");
            FieldChecks.requireOptionalName(subject, "subject");
            if (!subject.isEmpty() && reason != RefusalReason.NAME_LOOKS_LIKE) {
                throw new IllegalArgumentException("only a NAME_LOOKS_LIKE refusal has a subject, not " + reason);
            }
        }

        /** A refusal with no subject. */
        public Refused(RefusalReason reason, long limit, long nonce) {
            this(reason, limit, nonce, "");
        }

        /** The refusal of a login with no nonce. */
        public Refused(RefusalReason reason, long limit) {
            this(reason, limit, 0);
        }
    }

    /** Reliable event number {@code seq} of this session; acknowledges client messages up to {@code ack}. */
    record Event(long token, long seq, long ack, RoomEvent event) implements NativeServerPacket {
        public Event {
            FieldChecks.requireReliableHeader(token, seq, ack);
            Objects.requireNonNull(event, "event == null");
            FieldChecks.requireNativeFits(NativeCodec.SESSION_HEADER_BYTES + EventCodec.length(event), "event");
        }
    }

    /** Acknowledges every client message up to and including {@code ack}. */
    record Ack(long token, long ack) implements NativeServerPacket {
        public Ack {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /** The answer to a ping. */
    record Pong(long token, long ack) implements NativeServerPacket {
        public Pong {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /**
     * The session's datagrams came from a new address: prove you receive there by echoing {@code nonce}
     * from it. Until then, the server keeps sending to the old address.
     */
    record PathChallenge(long token, long nonce) implements NativeServerPacket {
        public PathChallenge {
            FieldChecks.requireToken(token);
        }
    }

    /** This token's session has ended, for {@code reason}. */
    record Ended(long token, EndReason reason) implements NativeServerPacket {
        public Ended {
            FieldChecks.requireToken(token);
            Objects.requireNonNull(reason, "reason == null");
        }
    }
}
