package org.udpchat.client.bench;

/**
 * Which node of a cluster each of the load program's members talks to: pure arithmetic, indexed by member.
 * {@link #evenly} deals them round robin, member {@code i} on node {@code i % nodes}; the senders are members
 * {@code 0 .. senders-1} (as in {@link Load}), so they are dealt over the nodes too, and every node has its
 * share of the members and of the speakers.
 */
final class NodeSpread {

    private final int[] nodeOf;
    private final int[] roomOf;
    private final int nodes;

    private NodeSpread(int[] nodeOf, int[] roomOf, int nodes) {
        this.nodeOf = nodeOf;
        this.roomOf = roomOf;
        this.nodes = nodes;
    }

    static NodeSpread evenly(int members, int nodes) {
        return acrossRooms(members, nodes, 1);
    }

    /**
     * Members dealt over the nodes as {@link #evenly}, and over {@code rooms} rooms a block of {@code nodes}
     * members at a time: member {@code i} in room {@code (i / nodes) % rooms}. So every room has members on
     * every node, and the first {@code nodes × rooms} members (the senders, when there are that many) are one
     * of each room on each node.
     */
    static NodeSpread acrossRooms(int members, int nodes, int rooms) {
        check(members, nodes);
        if (rooms < 1 || members < nodes * rooms) {
            throw new IllegalArgumentException("each of " + rooms + " rooms needs a member on each of " + nodes
                    + " nodes, and there are " + members + " members");
        }
        int[] nodeOf = new int[members];
        int[] roomOf = new int[members];
        for (int i = 0; i < members; i++) {
            nodeOf[i] = i % nodes;
            roomOf[i] = (i / nodes) % rooms;
        }
        return new NodeSpread(nodeOf, roomOf, nodes);
    }

    private static void check(int members, int nodes) {
        if (nodes < 1 || members < nodes) {
            throw new IllegalArgumentException(
                    "each of " + nodes + " nodes needs a member, and there are " + members + " members");
        }
    }

    /** The node member {@code member} talks to. */
    int nodeOf(int member) {
        return nodeOf[member];
    }

    int members() {
        return nodeOf.length;
    }

    int nodes() {
        return nodes;
    }

    /** How many members each node has. */
    int[] membersPerNode() {
        int[] counts = new int[nodes];
        for (int node : nodeOf) {
            counts[node]++;
        }
        return counts;
    }

    /** The room member {@code member} is in, numbered from 0. */
    int roomOf(int member) {
        return roomOf[member];
    }

    /** Each member's room, indexed by member. */
    int[] roomOfEach() {
        return roomOf.clone();
    }

    /** Each member's node, indexed by member. */
    int[] nodeOfEach() {
        return nodeOf.clone();
    }
}
