package org.virtfx.drivers.qemu.argv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON object of a {@code -device}, {@code -blockdev}, {@code -object} or {@code -netdev}
 * option, its keys in the order they were put, as libvirt writes them.
 */
final class Props {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> values = new LinkedHashMap<>();

    static Props of(String key, Object value) {
        return new Props().put(key, value);
    }

    Props put(String key, Object value) {
        values.put(key, value instanceof Props p ? p.values : value);
        return this;
    }

    Props putAddress(PciAddress address) {
        put("bus", address.bus());
        if (address.multifunction() != null) {
            put("multifunction", address.multifunction());
        }
        return put("addr", address.addr());
    }

    String json() {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps of strings and numbers always serialize", e);
        }
    }
}
