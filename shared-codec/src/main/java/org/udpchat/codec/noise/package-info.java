/**
 * The Noise Protocol Framework, revision 34 (https://noiseprotocol.org/noise.html), for the one suite
 * the native protocol will use: {@code 25519} (section 12.1), {@code AESGCM} (12.4), {@code SHA256} (12.5),
 * with the handshake patterns {@code NX} and {@code XX} (7.5). Pure like the rest of the codec: no I/O, no
 * logging, no threads, no static mutable state; the caller supplies the randomness and the keys, and
 * only the JDK's own {@code X25519}, {@code AES/GCM/NoPadding}, {@code SHA-256} and {@code HmacSHA256}
 * do the cryptography.
 *
 * <p><b>The three objects of section 5</b>, each owned by one thread: {@link
 * org.udpchat.codec.noise.CipherState} (5.1) seals and opens with a key and a counter nonce, and is what a
 * session keeps for its transport, one per direction; {@code SymmetricState} (5.2) holds the chaining key
 * and the handshake hash and derives keys with section 4.3's HKDF; {@link
 * org.udpchat.codec.noise.HandshakeState} (5.3) runs one side of a {@link
 * org.udpchat.codec.noise.HandshakePattern} with {@link org.udpchat.codec.noise.NoiseKeyPair}s and ends in
 * a {@link org.udpchat.codec.noise.HandshakeState.Transport}. Every refusal is a {@link
 * org.udpchat.codec.noise.NoiseException} whose reason says what failed and whose message says why.
 *
 * <p><b>Verified against the published vectors.</b> {@code NoiseVectorsTest} runs the
 * {@code Noise_NX_25519_AESGCM_SHA256} and {@code Noise_XX_25519_AESGCM_SHA256} vectors of cacophony
 * ({@code tests/vectors/cacophony.txt} in github.com/mcginty/snow at aabed3159deec0a0dfe3d5601c43322d84700c94)
 * and of snow ({@code tests/vectors/snow.txt}, same repository, d2f578089110d32a24ec8dbeddf91a760b8bf58a)
 * byte for byte: each handshake message, each transport message after the split, and the handshake hash.
 *
 * <p>Not yet used on the wire: issue 14's protocol work builds the native handshake and the sealed
 * transport on top of this package.
 */
package org.udpchat.codec.noise;
