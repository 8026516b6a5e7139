package org.udpchat.server;

/** What the operator sees of a room in {@code /rooms}: a copy, safe to hand to another thread. */
public record RoomInfo(String name, int members) {}
