package org.virtfx.app.vnc;

/** The encoding numbers of RFB 3.8 and its registered extensions that this client speaks. */
final class Encodings {
    static final int RAW = 0;
    static final int COPY_RECT = 1;
    static final int ZRLE = 16;
    static final int DESKTOP_SIZE = -223;
    static final int LAST_RECT = -224;
    static final int CURSOR = -239;
    /** QEMU announces with this that it takes key events with XT scancodes (client message 255, sub-type 0). */
    static final int QEMU_EXTENDED_KEY_EVENT = -258;
    static final int EXTENDED_DESKTOP_SIZE = -308;

    /** What the client asks for, best first: ZRLE is the most compact of the three pixel encodings. */
    static final int[] REQUESTED = {ZRLE, COPY_RECT, RAW, DESKTOP_SIZE, EXTENDED_DESKTOP_SIZE, CURSOR,
        QEMU_EXTENDED_KEY_EVENT, LAST_RECT};

    private Encodings() {
    }

    static String name(int encoding) {
        return switch (encoding) {
            case RAW -> "Raw";
            case COPY_RECT -> "CopyRect";
            case ZRLE -> "ZRLE";
            case DESKTOP_SIZE -> "DesktopSize";
            case LAST_RECT -> "LastRect";
            case CURSOR -> "Cursor";
            case QEMU_EXTENDED_KEY_EVENT -> "QEMU Extended Key Event";
            case EXTENDED_DESKTOP_SIZE -> "ExtendedDesktopSize";
            default -> "encoding " + encoding;
        };
    }
}
