package org.virtfx.app.details;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.virtfx.app.vnc.view.XtKey;

/**
 * virt-manager's Send Key menu: a label and the Linux keycodes pressed together
 * (virDomainSendKey's default codeset, as {@code virsh send-key} takes them), which an open
 * graphical console sends as VNC keys instead.
 */
public record SendKey(String label, int... keycodes) {
    private static final int CTRL = 29;
    private static final int ALT = 56;
    private static final int BACKSPACE = 14;
    private static final int DELETE = 111;
    /** KEY_SYSRQ: the Print Screen key. */
    private static final int PRINT = 99;
    /** KEY_F1 to KEY_F10 are 59 to 68; KEY_F11 and KEY_F12 come later in the table. */
    private static final int[] F_KEYS = {59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88};

    /** The menu's keys as VNC has them: keysym and XT scancode (E0-prefixed keys with bit 7 set). */
    private static final Map<Integer, XtKey> VNC_KEYS = vncKeyTable();

    private static Map<Integer, XtKey> vncKeyTable() {
        Map<Integer, XtKey> keys = new java.util.HashMap<>();
        keys.put(CTRL, new XtKey(0xFFE3, 0x1D));
        keys.put(ALT, new XtKey(0xFFE9, 0x38));
        keys.put(BACKSPACE, new XtKey(0xFF08, 0x0E));
        keys.put(DELETE, new XtKey(0xFFFF, 0xD3));
        keys.put(PRINT, new XtKey(0xFF61, 0xB7));
        for (int i = 0; i < F_KEYS.length; i++) {
            // Linux's codes for the F keys are their XT scancodes.
            keys.put(F_KEYS[i], new XtKey(0xFFBE + i, F_KEYS[i]));
        }
        return Map.copyOf(keys);
    }

    /** The keys as a VNC session sends them, in the order they are pressed. */
    public List<XtKey> vncKeys() {
        return java.util.Arrays.stream(keycodes).mapToObj(VNC_KEYS::get).toList();
    }

    /** The menu in virt-manager's order: Ctrl+Alt+BackSpace, Ctrl+Alt+Delete, Ctrl+Alt+F1…F12, Print. */
    public static List<SendKey> menu() {
        List<SendKey> keys = new ArrayList<>();
        keys.add(new SendKey("Ctrl+Alt+BackSpace", CTRL, ALT, BACKSPACE));
        keys.add(new SendKey("Ctrl+Alt+Delete", CTRL, ALT, DELETE));
        for (int i = 0; i < F_KEYS.length; i++) {
            keys.add(new SendKey("Ctrl+Alt+F" + (i + 1), CTRL, ALT, F_KEYS[i]));
        }
        keys.add(new SendKey("Print", PRINT));
        return List.copyOf(keys);
    }
}
