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

    /** {@code member} has left this server (quit, expired, kicked, dropped, or the server closed). */
    default void left(Member member) {}

    /** {@code room} has come to be on this server: its first member here entered it (or it is the lobby). */
    default void opened(ChatRoom room) {}

    /** {@code room} is no longer on this server: its last member here left it. */
    default void closed(ChatRoom room) {}

    /** Both watchers, {@code first} first. */
    static RoomsWatcher both(RoomsWatcher first, RoomsWatcher second) {
        return new RoomsWatcher() {
            @Override
            public void listed(Member member) {
                first.listed(member);
                second.listed(member);
            }

            @Override
            public void unlisted(Member member, String key) {
                first.unlisted(member, key);
                second.unlisted(member, key);
            }

            @Override
            public void left(Member member) {
                first.left(member);
                second.left(member);
            }

            @Override
            public void opened(ChatRoom room) {
                first.opened(room);
                second.opened(room);
            }

            @Override
            public void closed(ChatRoom room) {
                first.closed(room);
                second.closed(room);
            }
        };
    }

    RoomsWatcher NONE = new RoomsWatcher() {
        @Override
        public void listed(Member member) {}

        @Override
        public void unlisted(Member member, String key) {}
    };
}
