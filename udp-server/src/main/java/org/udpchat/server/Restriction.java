package org.udpchat.server;

/**
 * A ban or a mute as the operator sees it in {@code /bans}: whom it holds (an address or a name) and
 * what is left of its term. A copy, safe to hand to another thread.
 */
public record Restriction(String subject, Term remaining) {}
