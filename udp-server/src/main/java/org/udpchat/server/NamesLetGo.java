package org.udpchat.server;

/** A member that leaves this server lets its name go across the cluster ({@link SharedNames}). */
final class NamesLetGo implements RoomsWatcher {

    private final SharedNames names;

    NamesLetGo(SharedNames names) {
        this.names = names;
    }

    @Override
    public void listed(Member member) {}

    @Override
    public void unlisted(Member member, String key) {}

    @Override
    public void left(Member member) {
        names.release(member.name(), member.nameHolder());
    }
}
