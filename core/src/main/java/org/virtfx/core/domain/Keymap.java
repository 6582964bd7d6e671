package org.virtfx.core.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Which keys each {@link KeyCodeset} has and which Linux key each is, from the public keycode
 * database libvirt builds its keymaps from ({@code keymap.csv} beside this class). Lookups
 * follow libvirt's {@code virKeycodeValueTranslate}: a table per codeset indexed by Linux code,
 * 0 where the codeset has no such key, and a code is the first key whose entry holds it. So
 * code 0 is a key of every codeset, as libvirt accepts it.
 */
public final class Keymap {
    /** Read once; immutable after. */
    private static final Keymap STANDARD = read();

    private final Map<KeyCodeset, int[]> codes;
    private final Map<KeyCodeset, String[]> names;

    private Keymap(Map<KeyCodeset, int[]> codes, Map<KeyCodeset, String[]> names) {
        this.codes = codes;
        this.names = names;
    }

    /** The keymap of the keycode database. */
    public static Keymap standard() {
        return STANDARD;
    }

    /** Whether {@code code} is a key of the codeset. */
    public boolean has(KeyCodeset codeset, int code) {
        return index(codeset, code) >= 0;
    }

    /**
     * The Linux key code of a key given in a codeset.
     *
     * @throws VirtException libvirt's "invalid keycode N of X codeset" when the codeset has no such key
     */
    public int toLinux(KeyCodeset codeset, int code) {
        int at = index(codeset, code);
        if (at < 0) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR,
                    "invalid keycode " + code + " of " + codeset.libvirtName() + " codeset");
        }
        return codes.get(KeyCodeset.LINUX)[at];
    }

    /**
     * The code of a key by its name in the codeset ({@code KEY_A} in linux, {@code ANSI_A} in
     * os_x, {@code VK_A} in win32); empty for another codeset or an unknown name.
     */
    public OptionalInt named(KeyCodeset codeset, String name) {
        String[] known = names.get(codeset);
        if (known != null) {
            for (int i = 0; i < known.length; i++) {
                if (name.equals(known[i])) {
                    return OptionalInt.of(codes.get(codeset)[i]);
                }
            }
        }
        return OptionalInt.empty();
    }

    private int index(KeyCodeset codeset, int code) {
        if (code < 0) {
            return -1;
        }
        int[] table = codes.get(codeset);
        for (int i = 0; i < table.length; i++) {
            if (table[i] == code) {
                return i;
            }
        }
        return -1;
    }

    private static Keymap read() {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(Keymap.class.getResourceAsStream("keymap.csv"), "keymap.csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#")) {
                    rows.add(line.split(",", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the keymap is missing from core", e);
        }
        int size = rows.stream().mapToInt(r -> Integer.parseInt(r[1])).max().orElse(0) + 1;
        Map<KeyCodeset, int[]> codes = new EnumMap<>(KeyCodeset.class);
        Map<KeyCodeset, String[]> names = new EnumMap<>(KeyCodeset.class);
        int[] atset1 = column(rows, size, 4);
        codes.put(KeyCodeset.LINUX, column(rows, size, 1));
        codes.put(KeyCodeset.OS_X, column(rows, size, 3));
        codes.put(KeyCodeset.ATSET1, atset1);
        codes.put(KeyCodeset.XT, atset1);
        codes.put(KeyCodeset.ATSET2, column(rows, size, 5));
        codes.put(KeyCodeset.ATSET3, column(rows, size, 6));
        codes.put(KeyCodeset.USB, column(rows, size, 7));
        codes.put(KeyCodeset.WIN32, column(rows, size, 9));
        int[] xtKbd = new int[size];
        int[] qnum = new int[size];
        for (int i = 0; i < size; i++) {
            int scan = atset1[i];
            boolean hangeulOrHanja = scan == 0xf1 || scan == 0xf2;
            // An extended (0xe0-prefixed) scan code: the Linux raw codeset sets bit 8, QEMU's bit 7.
            boolean extended = scan > 0x7f && !hangeulOrHanja;
            xtKbd[i] = extended ? 0x100 | (scan & 0x7f) : scan;
            qnum[i] = extended ? 0x80 | (scan & 0x7f) : hangeulOrHanja ? scan & 0x7f : scan;
        }
        codes.put(KeyCodeset.XT_KBD, xtKbd);
        codes.put(KeyCodeset.QNUM, qnum);
        codes.put(KeyCodeset.RFB, qnum);
        names.put(KeyCodeset.LINUX, names(rows, size, 0));
        names.put(KeyCodeset.OS_X, names(rows, size, 2));
        names.put(KeyCodeset.WIN32, names(rows, size, 8));
        return new Keymap(codes, names);
    }

    /** A column as a table indexed by Linux code, 0 where a key has no value. */
    private static int[] column(List<String[]> rows, int size, int column) {
        int[] table = new int[size];
        for (String[] row : rows) {
            if (!row[column].isEmpty()) {
                table[Integer.parseInt(row[1])] = Integer.parseInt(row[column]);
            }
        }
        return table;
    }

    private static String[] names(List<String[]> rows, int size, int column) {
        String[] table = new String[size];
        for (String[] row : rows) {
            if (!row[column].isEmpty()) {
                table[Integer.parseInt(row[1])] = row[column];
            }
        }
        return table;
    }
}
