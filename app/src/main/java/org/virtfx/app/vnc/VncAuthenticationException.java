package org.virtfx.app.vnc;

/**
 * The server refused the credentials (a wrong or missing VNC password), or offers only
 * security types this client does not speak. The message carries the server's reason when it
 * sends one.
 */
public final class VncAuthenticationException extends RfbProtocolException {
    private static final long serialVersionUID = 1L;

    public VncAuthenticationException(String message) {
        super(message);
    }
}
