package org.virtfx.app.vnc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNC Authentication (security type 2, RFC 6143 7.2.2): the 16-byte challenge encrypted with
 * DES under the password's first eight bytes. Each key byte has its bits reversed, a quirk of
 * the original implementation that every server keeps, so a "correct" DES key is rejected.
 */
final class VncAuthentication {
    private VncAuthentication() {
    }

    static byte[] response(byte[] challenge, String password) {
        byte[] key = new byte[8];
        byte[] chars = password.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < Math.min(8, chars.length); i++) {
            key[i] = (byte) (Integer.reverse(chars[i] & 0xFF) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships DES/ECB/NoPadding; its absence is a broken JDK, not a bad server.
            throw new IllegalStateException("the Java runtime has no DES cipher for VNC Authentication", e);
        }
    }
}
