package org.udpchat.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.udpchat.codec.RoomNames;
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * Which rooms of the cluster this node follows for its operators alone ({@code /watch}, the transcript), rooms
 * none of its own members is in: a listener of one room wants that room, whether anybody is in it yet or not;
 * a listener of every room (the transcript, {@code /watch all}) wants every room the cluster's directory says
 * another node has members in. What this node's members are in it follows anyway ({@link ClusterRooms}).
 *
 * <p>Following a room costs a topic registration on every node, so it changes only when what is wanted
 * changes: a listener comes or goes, a room appears in the directory or leaves it (its first member elsewhere
 * entered, its last left); never per line. On a single server it only keeps the listeners' wishes, in case
 * the server later spans nodes (it does not: a server joins its cluster before its relay starts).
 *
 * <p>Owned by the relay thread, like the directory's copy it reads ({@link RemoteMembers}).
 */
final class OverheardRooms {

    /** What each listener wants: one room's key, or empty for every room. */
    private final Map<RoomListener, Optional<String>> wishes = new HashMap<>();

    /** Each room's name as last seen (a listener's, or the directory's), by room key. */
    private final Map<String, String> names = new HashMap<>();

    /** The rooms followed for listeners now. */
    private final Set<String> overheard = new HashSet<>();

    private ClusterRooms clusterRooms;
    private RemoteMembers remoteMembers;

    /**
     * From now on {@code listener} wants the room called {@code room} (empty: every room), in place of what
     * it wanted before. The stage completes (on another thread) once the rooms it wants are followed.
     */
    CompletableFuture<Void> want(RoomListener listener, Optional<String> room) {
        room.ifPresent(name -> names.putIfAbsent(RoomNames.key(name), name));
        wishes.put(listener, room.map(RoomNames::key));
        return reconsiderAll();
    }

    /** {@code listener} wants nothing more. */
    void forget(RoomListener listener) {
        if (wishes.remove(listener) != null) {
            reconsiderAll();
        }
    }

    /**
     * This server is a node of a cluster: the rooms wanted are followed through {@code rooms}, and those of
     * the directory are read from {@code remote}, as it starts ({@code memberKeys}: the directory's keys) and
     * after each change ({@link #directoryChanged}).
     */
    void spanNodes(ClusterRooms rooms, RemoteMembers remote, Set<String> memberKeys) {
        this.clusterRooms = rooms;
        this.remoteMembers = remote;
        memberKeys.forEach(this::seen);
        reconsiderAll();
    }

    /**
     * The directory's entry for the member with name key {@code memberKey} changed ({@link RemoteMembers} has it
     * now); before, it was in the room with key {@code roomBefore} on another node, or null.
     */
    void directoryChanged(String memberKey, String roomBefore) {
        if (remoteMembers == null) {
            return;
        }
        String after = seen(memberKey);
        if (roomBefore != null && !roomBefore.equals(after)) {
            reconsider(roomBefore);
        }
        if (after != null) {
            reconsider(after);
        }
    }

    /** The name of the room with {@code roomKey}, as a listener or the directory last gave it. */
    String nameOf(String roomKey) {
        return names.getOrDefault(roomKey, roomKey);
    }

    /** Where the member with {@code memberKey} now is, its room's name noted; its room key, or null if not elsewhere. */
    private String seen(String memberKey) {
        ClusterDirectory.Listing listing = remoteMembers.named(memberKey);
        if (listing == null) {
            return null;
        }
        String roomKey = RoomNames.key(listing.room());
        names.put(roomKey, listing.room());
        return roomKey;
    }

    private CompletableFuture<Void> reconsiderAll() {
        if (clusterRooms == null) {
            return CompletableFuture.completedFuture(null);
        }
        Set<String> rooms = new HashSet<>(overheard);
        rooms.addAll(remoteMembers.roomKeys());
        wishes.values().forEach(wish -> wish.ifPresent(rooms::add));
        return CompletableFuture.allOf(rooms.stream().map(this::reconsider).toArray(CompletableFuture[]::new));
    }

    /** Follows the room, or stops, as it is wanted or not; the stage completes once a follow has begun. */
    private CompletableFuture<Void> reconsider(String roomKey) {
        if (clusterRooms == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> followed = CompletableFuture.completedFuture(null);
        boolean wanted = wishes.values().stream()
                .anyMatch(wish -> wish.isEmpty()
                        ? remoteMembers.hasMembersIn(roomKey)
                        : wish.get().equals(roomKey));
        if (wanted && overheard.add(roomKey)) {
            followed = clusterRooms.overhear(roomKey);
        } else if (!wanted && overheard.remove(roomKey)) {
            clusterRooms.stopOverhearing(roomKey);
        }
        if (!wanted && !remoteMembers.hasMembersIn(roomKey)) {
            names.remove(roomKey); // nobody has it, nobody wants it: its name need not be kept
        }
        return followed;
    }
}
