package org.udpchat.server;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bans (by address) and mutes (by name key) at one moment: what {@link ModerationFile} keeps. An
 * immutable copy, so the relay thread can hand it to the thread that writes it. Its maps are in a fixed
 * order (addresses and keys as text), so the same bans and mutes always make the same file.
 */
record ModerationSnapshot(Map<InetAddress, Sanction> bans, Map<String, Sanction> mutes) {

    static final ModerationSnapshot EMPTY = new ModerationSnapshot(Map.of(), Map.of());

    ModerationSnapshot {
        bans = sortedCopy(bans, Comparator.comparing(InetAddress::getHostAddress));
        mutes = sortedCopy(mutes, Comparator.naturalOrder());
    }

    /** Without what has ended by {@code nowMillis}. */
    ModerationSnapshot withoutEnded(long nowMillis) {
        Map<InetAddress, Sanction> liveBans = new LinkedHashMap<>(bans);
        liveBans.values().removeIf(sanction -> sanction.hasEnded(nowMillis));
        Map<String, Sanction> liveMutes = new LinkedHashMap<>(mutes);
        liveMutes.values().removeIf(sanction -> sanction.hasEnded(nowMillis));
        return new ModerationSnapshot(liveBans, liveMutes);
    }

    private static <K> Map<K, Sanction> sortedCopy(Map<K, Sanction> entries, Comparator<K> order) {
        Map<K, Sanction> sorted = new LinkedHashMap<>();
        entries.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(order))
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(sorted);
    }
}
