package org.udpchat.client.bench;

/**
 * Which node of a cluster each of the load program's members talks to: pure arithmetic, indexed by member.
 * {@link #evenly} deals them round robin, member {@code i} on node {@code i % nodes}; the senders are members
 * {@code 0 .. senders-1} (as in {@link Load}), so they are dealt over the nodes too, and every node has its
 * share of the members and of the speakers.
 */
final class NodeSpread {

    private final int[] nodeOf;
    private final int nodes;

    private NodeSpread(int[] nodeOf, int nodes) {
        this.nodeOf = nodeOf;
        this.nodes = nodes;
    }

    static NodeSpread evenly(int members, int nodes) {
        check(members, nodes);
        int[] nodeOf = new int[members];
        for (int i = 0; i < members; i++) {
            nodeOf[i] = i % nodes;
        }
        return new NodeSpread(nodeOf, nodes);
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

    /** Each member's node, indexed by member. */
    int[] nodeOfEach() {
        return nodeOf.clone();
    }
}
