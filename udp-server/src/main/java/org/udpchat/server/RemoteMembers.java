package org.udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.udpchat.codec.RoomNames;
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * The relay's copy of the members the other nodes of its cluster have, by name key, kept from the changes to
 * the cluster's directory as they are posted to the relay: what {@code /who} and {@code /rooms} add to this
 * node's own members. Empty on a single server. Owned by the relay thread.
 */
final class RemoteMembers {

    /** This node, whose own listings are its {@link Rooms}' and not kept here; null on a single server. */
    private UUID localNode;

    private final Map<String, ClusterDirectory.Listing> byKey = new LinkedHashMap<>();

    /** How many of them each room has, by room key: kept as they change, for what asks per room and per change. */
    private final Map<String, Integer> countByRoom = new HashMap<>();

    /**
     * While the whole directory is being read ({@link #readBegins}): the name keys a change has been told of since
     * the read began, whose copy here is at least as new as what the read finds; null when no read is under way.
     */
    private Set<String> toldDuringRead;

    /** A change to the directory, as the relay hears it. */
    void apply(ClusterDirectory.Change change) {
        if (toldDuringRead != null) {
            toldDuringRead.add(keyOf(change));
        }
        if (change instanceof ClusterDirectory.Change.Listed listed) {
            if (listed.listing().node().equals(localNode)) {
                remove(listed.key()); // one of ours: come back here, or listed again
            } else {
                count(byKey.put(listed.key(), listed.listing()), -1);
                count(listed.listing(), 1);
            }
        } else if (change instanceof ClusterDirectory.Change.Unlisted unlisted) {
            ClusterDirectory.Listing kept = byKey.get(unlisted.key());
            if (kept != null && (unlisted.node() == null || kept.node().equals(unlisted.node()))) {
                remove(unlisted.key());
            }
        }
    }

    private static String keyOf(ClusterDirectory.Change change) {
        if (change instanceof ClusterDirectory.Change.Listed listed) {
            return listed.key();
        }
        return change instanceof ClusterDirectory.Change.Unlisted unlisted
                ? unlisted.key()
                : ((ClusterDirectory.Change.Lapsed) change).key();
    }

    /**
     * A read of the whole directory begins: from now until its result comes ({@link #missed}), the keys the changes
     * tell of are kept, so that the read, which may be older for them, does not undo them.
     */
    void readBegins() {
        toldDuringRead = new HashSet<>();
    }

    /**
     * What the changes missed, found in {@code directory}, the whole directory read since {@link #readBegins}: a
     * listing that differs here, and a member kept here that the directory no longer has, each as the change that
     * mends it (to {@link #apply}). Hazelcast's map events are fire-and-forget: a change made while the partitions
     * move (a node joined or left) can reach some nodes and not others, and nothing would tell them again. Keys told
     * of by a change during the read are left as told: the change is as new as the read, or newer.
     */
    List<ClusterDirectory.Change> missed(Map<String, ClusterDirectory.Listing> directory) {
        Set<String> told = toldDuringRead == null ? Set.of() : toldDuringRead;
        toldDuringRead = null;
        List<ClusterDirectory.Change> mends = new ArrayList<>();
        directory.forEach((key, listing) -> {
            if (told.contains(key) || listing == null) {
                return;
            }
            boolean ours = listing.node().equals(localNode);
            if (ours ? byKey.containsKey(key) : !listing.equals(byKey.get(key))) {
                mends.add(new ClusterDirectory.Change.Listed(key, listing));
            }
        });
        byKey.forEach((key, kept) -> {
            if (!directory.containsKey(key) && !told.contains(key)) {
                mends.add(new ClusterDirectory.Change.Unlisted(key, kept.node()));
            }
        });
        return mends;
    }

    private void remove(String key) {
        count(byKey.remove(key), -1);
    }

    private void count(ClusterDirectory.Listing listing, int by) {
        if (listing != null) {
            countByRoom.merge(RoomNames.key(listing.room()), by, (was, more) -> was + more == 0 ? null : was + more);
        }
    }

    /** Whether another node has members in the room with key {@code roomKey}. */
    boolean hasMembersIn(String roomKey) {
        return countByRoom.containsKey(roomKey);
    }

    /** The keys of the rooms other nodes have members in. */
    Set<String> roomKeys() {
        return Set.copyOf(countByRoom.keySet());
    }

    /** The room key of the other node's member with name key {@code key}; null when no other node has it. */
    String roomKeyOf(String key) {
        ClusterDirectory.Listing listing = byKey.get(key);
        return listing == null ? null : RoomNames.key(listing.room());
    }

    /** The whole directory at once, as node {@code local} starts following it. */
    void startFrom(UUID local, Map<String, ClusterDirectory.Listing> directory) {
        this.localNode = local;
        directory.forEach((key, listing) -> apply(new ClusterDirectory.Change.Listed(key, listing)));
    }

    /** The names of the other nodes' members in the room with key {@code roomKey}, in the order they were listed. */
    List<String> namesIn(String roomKey) {
        List<String> names = new ArrayList<>();
        for (ClusterDirectory.Listing listing : byKey.values()) {
            if (RoomNames.key(listing.room()).equals(roomKey)) {
                names.add(listing.name());
            }
        }
        return names;
    }

    /** How many of the other nodes' members each room has, by room key, with the room's name as listed. */
    Map<String, RoomCount> rooms() {
        Map<String, RoomCount> rooms = new LinkedHashMap<>();
        for (ClusterDirectory.Listing listing : byKey.values()) {
            rooms.merge(
                    RoomNames.key(listing.room()),
                    new RoomCount(listing.room(), 1),
                    (seen, more) -> new RoomCount(seen.name(), seen.members() + 1));
        }
        return rooms;
    }

    /** A room's name and how many members it has. */
    record RoomCount(String name, int members) {}

    /** The other node's member with name key {@code key}, as last listed; null when no other node has it. */
    ClusterDirectory.Listing named(String key) {
        return byKey.get(key);
    }

    int size() {
        return byKey.size();
    }
}
