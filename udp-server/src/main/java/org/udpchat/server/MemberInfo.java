package org.udpchat.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the operator sees of a member in {@code /list}: a copy, safe to hand to another thread.
 *
 * @param isNative whether the member speaks the native protocol (else classic text)
 */
public record MemberInfo(String name, String room, InetSocketAddress address, Duration idle, boolean isNative) {}
