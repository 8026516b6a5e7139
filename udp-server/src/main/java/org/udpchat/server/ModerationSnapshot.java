package org.udpchat.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last change to each ban and mute at one moment, tombstones of lifted ones included: what {@link
 * ModerationFile} keeps. An immutable copy, so the relay thread can hand it to the thread that writes it. Its
 * changes are in a fixed order (bans first, then mutes, each by subject as text), so the same bans and mutes
 * always make the same file.
 */
record ModerationSnapshot(List<ModerationChange> changes) {

    static final ModerationSnapshot EMPTY = new ModerationSnapshot(List.of());

    private static final Comparator<ModerationChange> FILE_ORDER =
            Comparator.comparing(ModerationChange::kind).thenComparing(ModerationChange::subject);

    ModerationSnapshot {
        Map<String, ModerationChange> latest = new LinkedHashMap<>();
        for (ModerationChange change : changes) {
            latest.merge(change.key(), change, (one, other) -> other.isLaterThan(one) ? other : one);
        }
        List<ModerationChange> sorted = new ArrayList<>(latest.values());
        sorted.sort(FILE_ORDER);
        changes = Collections.unmodifiableList(sorted);
    }

    /** Bans and mutes imposed and not lifted, each changed when it was imposed (or at 0 when not known). */
    ModerationSnapshot(Map<InetAddress, Sanction> bans, Map<String, Sanction> mutes) {
        this(imposed(bans, mutes));
    }

    private static List<ModerationChange> imposed(Map<InetAddress, Sanction> bans, Map<String, Sanction> mutes) {
        List<ModerationChange> changes = new ArrayList<>();
        bans.forEach(
                (address, sanction) -> changes.add(ModerationChange.ban(address, sanction, imposedMillis(sanction))));
        mutes.forEach((key, sanction) -> changes.add(ModerationChange.mute(key, sanction, imposedMillis(sanction))));
        return changes;
    }

    private static long imposedMillis(Sanction sanction) {
        return sanction.imposed().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** The bans not lifted (ended or not), by address. */
    Map<InetAddress, Sanction> bans() {
        Map<InetAddress, Sanction> bans = new LinkedHashMap<>();
        for (ModerationChange change : changes) {
            if (change.kind() == ModerationChange.Kind.BAN && !change.lifted()) {
                bans.put(change.address(), change.sanction());
            }
        }
        return bans;
    }

    /** The mutes not lifted (ended or not), by name key. */
    Map<String, Sanction> mutes() {
        Map<String, Sanction> mutes = new LinkedHashMap<>();
        for (ModerationChange change : changes) {
            if (change.kind() == ModerationChange.Kind.MUTE && !change.lifted()) {
                mutes.put(change.subject(), change.sanction());
            }
        }
        return mutes;
    }

    /** Without what need not be kept at {@code nowMillis}: ended restrictions, tombstones no longer needed. */
    ModerationSnapshot withoutEnded(long nowMillis) {
        return new ModerationSnapshot(
                changes.stream().filter(change -> !change.isOver(nowMillis)).toList());
    }

    /** With {@code more} merged in, the latest change to each subject winning. */
    ModerationSnapshot with(Collection<ModerationChange> more) {
        List<ModerationChange> all = new ArrayList<>(changes);
        all.addAll(more);
        return new ModerationSnapshot(all);
    }
}
