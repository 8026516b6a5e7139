package org.udpchat.server;

/**
 * Who hears the rooms as they speak: an operator's {@code /watch}, the transcript. Called on the relay
 * thread, so an implementation must not block, nor take a lock another thread may hold while it waits:
 * it hands the line over (a bounded queue that drops and counts what does not fit) and returns.
 */
@FunctionalInterface
public interface RoomListener {
    void heard(RoomLine line);
}
