/**
 * The native protocol's security layer on the wire, built on {@link org.udpchat.codec.noise}: the server
 * identity a person checks ({@link org.udpchat.codec.secure.Fingerprint}), and the sealed datagrams of a
 * session. Pure like the rest of the codec: no I/O, no logging, no threads, no static mutable state.
 */
package org.udpchat.codec.secure;
