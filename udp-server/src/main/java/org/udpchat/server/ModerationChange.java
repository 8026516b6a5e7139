package org.udpchat.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.udpchat.codec.Untrusted;

/**
 * The last change to one ban or mute: imposed (with its {@link Sanction}), or lifted (a tombstone, which keeps
 * the sanction it lifted), and when, on the wall clock of the server that made it. The state files of a
 * cluster's nodes converge because every node keeps, for each subject, the {@linkplain #isLaterThan latest}
 * change it has heard of, and a tombstone outlives a node that was down when the ban was lifted: that node's
 * older ban loses to it when it comes back.
 *
 * <p>A tombstone is kept while the restriction it lifted would have held, and at most {@link #TOMBSTONE_LIFE}:
 * past the first, a node that still holds the restriction drops it by itself; the second bounds what a
 * restriction until lifted leaves behind. A node down longer than that brings such a lifted restriction back
 * (README, <i>Durability of moderation</i>).
 *
 * @param subject an IP literal (a ban) or a name key (a mute)
 * @param changedAt when the change was made, in milliseconds of the wall clock; 0 for one read from a file that
 *     did not say (older than any change with a time)
 */
record ModerationChange(Kind kind, String subject, Sanction sanction, long changedAt, boolean lifted) {

    /** How long a tombstone of a restriction until lifted is kept. */
    static final Duration TOMBSTONE_LIFE = Duration.ofDays(90);

    /** What a change restricts. */
    enum Kind {
        BAN,
        MUTE
    }

    /**
     * The order in which changes to one subject win: the later change, then (at the same millisecond) a
     * restriction over a lift, then the longer one. Over every field, so two different changes never tie and
     * every node picks the same one, whatever order it heard them in.
     */
    private static final Comparator<ModerationChange> ORDER = Comparator.comparingLong(ModerationChange::changedAt)
            .thenComparing(change -> !change.lifted())
            .thenComparingLong(change -> change.sanction().endsMillis())
            .thenComparingLong(change ->
                    change.sanction().imposed().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));

    private static final int WIRE_VERSION = 1;

    ModerationChange {
        if (kind == null || subject == null || sanction == null) {
            throw new NullPointerException(
                    kind == null ? "kind == null" : subject == null ? "subject == null" : "sanction == null");
        }
    }

    /** {@code address} banned as {@code sanction} says, at {@code changedAt}. */
    static ModerationChange ban(InetAddress address, Sanction sanction, long changedAt) {
        return new ModerationChange(Kind.BAN, IpLiteral.format(address), sanction, changedAt, false);
    }

    /** The name key {@code key} muted as {@code sanction} says, at {@code changedAt}. */
    static ModerationChange mute(String key, Sanction sanction, long changedAt) {
        return new ModerationChange(Kind.MUTE, key, sanction, changedAt, false);
    }

    /** This restriction lifted at {@code at}. */
    ModerationChange liftedAt(long at) {
        return new ModerationChange(kind, subject, sanction, at, true);
    }

    /** What it is about, the same for every change to it: {@code ban 192.0.2.7}, {@code mute bob}. */
    String key() {
        return kind == Kind.BAN ? "ban " + subject : muteKey(subject);
    }

    /** The {@link #key} of a ban of {@code address}. */
    static String banKey(InetAddress address) {
        return "ban " + IpLiteral.format(address);
    }

    /** The {@link #key} of a mute of the name key {@code nameKey}. */
    static String muteKey(String nameKey) {
        return "mute " + nameKey;
    }

    /** The banned address; only for a ban. */
    InetAddress address() {
        return IpLiteral.parse(subject).orElseThrow(() -> new IllegalStateException(subject + " is not an address"));
    }

    /** Whether this change wins over {@code other}, a change to the same subject. */
    boolean isLaterThan(ModerationChange other) {
        return ORDER.compare(this, other) > 0;
    }

    /** Until when, in wall-clock milliseconds, it must be kept: while it holds, or while a tombstone is needed. */
    long keptUntil() {
        if (!lifted) {
            return sanction.endsMillis();
        }
        long bound = changedAt + TOMBSTONE_LIFE.toMillis();
        return Math.min(sanction.endsMillis(), bound < changedAt ? Long.MAX_VALUE : bound);
    }

    /** Whether it need not be kept any longer at {@code nowMillis}. */
    boolean isOver(long nowMillis) {
        return keptUntil() <= nowMillis;
    }

    /** Whether it restricts at {@code nowMillis}. */
    boolean isInForce(long nowMillis) {
        return !lifted && !sanction.hasEnded(nowMillis);
    }

    /**
     * As the nodes of a cluster tell each other (sealed, by the caller), a version byte first:
     * {@code version(1) kind(1) lifted(1) changedAt(8) imposed(8, MIN_VALUE: not known) ends(8, MAX_VALUE:
     * never) subject(UTF)}.
     */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(WIRE_VERSION);
            out.writeByte(kind.ordinal());
            out.writeBoolean(lifted);
            out.writeLong(changedAt);
            out.writeLong(sanction.imposed().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
            out.writeLong(sanction.endsMillis());
            out.writeUTF(subject);
        } catch (IOException e) {
            throw new AssertionError("a byte array cannot fail to be written", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The change {@code bytes} hold, written by {@link #toBytes}.
     *
     * @throws IOException if they do not hold one, with what was wrong
     */
    static ModerationChange fromBytes(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        int version = in.readUnsignedByte();
        if (version != WIRE_VERSION) {
            throw new IOException("a moderation change of version " + version + ", not " + WIRE_VERSION);
        }
        int kind = in.readUnsignedByte();
        if (kind >= Kind.values().length) {
            throw new IOException("a moderation change of kind " + kind);
        }
        boolean lifted = in.readBoolean();
        long changedAt = in.readLong();
        long imposed = in.readLong();
        long ends = in.readLong();
        String subject = in.readUTF();
        if (in.available() > 0) {
            throw new IOException("a moderation change with " + in.available() + " bytes too many");
        }
        if (Kind.values()[kind] == Kind.BAN && IpLiteral.parse(subject).isEmpty()) {
            throw new IOException("a ban of " + Untrusted.quote(subject) + ", not an IP address");
        }
        Sanction sanction = new Sanction(
                imposed == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(imposed)),
                ends == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ends)));
        return new ModerationChange(Kind.values()[kind], subject, sanction, changedAt, lifted);
    }
}
