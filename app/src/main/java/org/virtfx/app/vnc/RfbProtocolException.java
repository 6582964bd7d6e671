package org.virtfx.app.vnc;

import java.io.IOException;

/**
 * The server broke the RFB protocol, refused the connection, or closed it in the middle of a
 * message. The message names what was expected and what came instead.
 */
public class RfbProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public RfbProtocolException(String message) {
        super(message);
    }

    public RfbProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
