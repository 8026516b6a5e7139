package org.udpchat.server;

/**
 * What a node's rooms' sequencing has had to mend, as {@code /stats} shows it in a cluster (nothing is dropped
 * in silence): a copy, safe to hand to another thread.
 *
 * @param delivered room events handed to this node's members' rooms, in order
 * @param fetches gaps this node fetched from a room's log (an event late or lost on its topic)
 * @param fetched events those fetches brought
 * @param missed events lost to this node for good: gone from the room's history before it could fetch them
 * @param notPublished this node's events that could not be published to their room's topic (others fetch them)
 * @param stampRefused room events and room log answers this node refused because their stamp failed: not its
 *     cluster's sequencer's (forged or altered by something in reach of the cluster port)
 */
public record RoomStreamCounters(
        long delivered, long fetches, long fetched, long missed, long notPublished, long stampRefused) {

    /** Counters of a node that refused nothing for its stamp (a single server: no stamps at all). */
    public RoomStreamCounters(long delivered, long fetches, long fetched, long missed, long notPublished) {
        this(delivered, fetches, fetched, missed, notPublished, 0);
    }

    /** The counters of several nodes added up. */
    public RoomStreamCounters plus(RoomStreamCounters other) {
        return new RoomStreamCounters(
                delivered + other.delivered,
                fetches + other.fetches,
                fetched + other.fetched,
                missed + other.missed,
                notPublished + other.notPublished,
                stampRefused + other.stampRefused);
    }
}
