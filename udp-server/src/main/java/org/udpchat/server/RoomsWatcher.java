package org.udpchat.server;

/**
 * Hears every change to who is where on this server, as {@link Rooms} makes it: in a cluster, the directory
 * that the other nodes follow ({@link DirectoryListing}); on a single server, nobody ({@link #NONE}). Called on
 * the relay thread; must not block.
 */
interface RoomsWatcher {

    /** {@code member} is on this server as it now is: it entered, changed room, name or address. */
    void listed(Member member);

    /** The member that was known by {@code key} is no longer on this server under it: it left, or was renamed. */
    void unlisted(Member member, String key);

    RoomsWatcher NONE = new RoomsWatcher() {
        @Override
        public void listed(Member member) {}

        @Override
        public void unlisted(Member member, String key) {}
    };
}
