package org.virtfx.plumbing.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader behind qemu-img info: its grammar, and qemu-img's own output. */
class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() {
        Map<String, Object> object = JsonReader.object("{\"a\": [1, -2.5e1, true, false, null], "
                + "\"b\": {\"c\": \"x\\\"y\\\\z\\u00e9\\n\"}, \"big\": 9223372036854775807, \"e\": {}, \"f\": []}");
        assertEquals(List.of(1L, -25.0, true, false), ((List<?>) object.get("a")).subList(0, 4));
        assertEquals(null, ((List<?>) object.get("a")).get(4));
        assertEquals(Map.of("c", "x\"y\\z\u00e9\n"), object.get("b"));
        assertEquals(Long.MAX_VALUE, object.get("big"));
        assertEquals(Map.of(), object.get("e"));
        assertEquals(List.of(), object.get("f"));
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : List.of("", "[1]", "{\"a\": }", "{\"a\": 1,}", "{\"a\": 1} x", "{\"a\": \"open}",
                "{a: 1}", "{\"a\": tru}")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.object(bad), bad);
        }
    }

    @Test
    void readsQemuImgInfoOfAnOverlay() {
        ImageInfo info = ImageInfo.parse("""
                {
                    "backing-filename-format": "qcow2",
                    "virtual-size": 1073741824,
                    "filename": "/p/top.qcow2",
                    "cluster-size": 65536,
                    "format": "qcow2",
                    "actual-size": 200704,
                    "format-specific": {
                        "type": "qcow2",
                        "data": {
                            "compat": "1.1",
                            "compression-type": "zlib",
                            "lazy-refcounts": true,
                            "refcount-bits": 16,
                            "corrupt": false,
                            "extended-l2": false
                        }
                    },
                    "full-backing-filename": "/p/base.qcow2",
                    "backing-filename": "base.qcow2",
                    "dirty-flag": false
                }
                """);
        assertEquals(new ImageInfo("qcow2", 1073741824L, 200704L, 65536L, "1.1", true, false, "/p/base.qcow2", "qcow2"),
                info);
        assertEquals(new ImageInfo("raw", 1048576L, 0L, 0L, null, false, false, null, null), ImageInfo.parse(
                "{\"virtual-size\": 1048576, \"filename\": \"r.img\", \"format\": \"raw\", \"actual-size\": 0}"));
    }
}
