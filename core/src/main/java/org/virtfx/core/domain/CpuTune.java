package org.virtfx.core.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.virtfx.core.xml.XmlElement;

/**
 * What libvirt's parser makes of {@code <cputune>}: scheduler settings are stored per vCPU and
 * per I/O thread and so written back one thread per element; cache and memory bandwidth
 * allocations (resctrl) are checked for collisions, their vCPU lists cut to the domain's vCPU
 * count, and each one written with its allocations before its monitors.
 */
final class CpuTune {

    private CpuTune() {
    }

    static void apply(XmlElement root, int maxVcpus, String source) {
        XmlElement cputune = root.child("cputune").orElse(null);
        if (cputune == null) {
            return;
        }
        schedulers(cputune, "vcpu", vcpuIds(maxVcpus), source);
        schedulers(cputune, "iothread", iothreadIds(root, source), source);
        resctrl(cputune, maxVcpus, source);
    }

    private static Set<Integer> vcpuIds(int maxVcpus) {
        Set<Integer> ids = new TreeSet<>();
        for (int i = 0; i < maxVcpus; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** I/O thread ids: the listed {@code <iothreadid>}s, else 1..n from {@code <iothreads>}. */
    private static Set<Integer> iothreadIds(XmlElement root, String source) {
        Set<Integer> ids = new TreeSet<>();
        root.child("iothreadids").ifPresent(list -> list.children("iothread").forEach(t -> t.attribute("id")
                .ifPresent(id -> ids.add(number(id, source, t, "invalid iothread id '" + id + "'")))));
        int count = root.child("iothreads").map(t -> number(t.text(), source, t,
                "invalid iothreads count '" + t.text() + "'")).orElse(0);
        for (int id = 1; ids.size() < count; id++) {
            ids.add(id);
        }
        return ids;
    }

    private static int number(String text, String source, XmlElement at, String why) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw DomainDefaults.invalid(source, at, why);
        }
    }

    /**
     * Replaces the {@code <vcpusched>} (or {@code <iothreadsched>}) elements by one element per
     * thread, in thread order, where the first of them stood. libvirt keeps one policy per
     * thread, so a thread named twice is an error and a priority only matters for the
     * real-time policies.
     */
    private static void schedulers(XmlElement cputune, String thread, Set<Integer> existing, String source) {
        String element = thread + "sched";
        String listAttribute = thread + "s";
        List<XmlElement> given = cputune.children(element);
        if (given.isEmpty()) {
            return;
        }
        Map<Integer, XmlElement> perThread = new TreeMap<>();
        for (XmlElement sched : given) {
            String list = sched.attribute(listAttribute).orElseThrow(() -> DomainDefaults.invalid(source, sched,
                    "Missing attribute '" + listAttribute + "' in element '" + element + "'"));
            String policy = sched.attribute("scheduler").orElseThrow(() -> DomainDefaults.invalid(source, sched,
                    "Missing attribute 'scheduler' in element '" + element + "'"));
            boolean realTime = policy.equals("fifo") || policy.equals("rr");
            if (!List.of("batch", "idle", "fifo", "rr").contains(policy)) {
                throw DomainDefaults.invalid(source, sched, "Invalid value for attribute 'scheduler' in element '"
                        + element + "': '" + policy + "'. Expected one of: batch, idle, fifo, rr");
            }
            if (realTime && sched.attribute("priority").isEmpty()) {
                throw DomainDefaults.invalid(source, sched, "Missing attribute 'priority' in element '"
                        + element + "'");
            }
            BitSet threads = CpuSet.parse(list, "'" + listAttribute + "' of <" + element + ">").members();
            for (int id = threads.nextSetBit(0); id >= 0; id = threads.nextSetBit(id + 1)) {
                if (!existing.contains(id)) {
                    throw DomainDefaults.invalid(source, sched, "Cannot find " + thread + " '" + id + "'");
                }
                if (perThread.containsKey(id)) {
                    throw DomainDefaults.invalid(source, sched, element + " attributes '" + listAttribute
                            + "' must not overlap");
                }
                XmlElement one = new XmlElement(element).setAttribute(listAttribute, Integer.toString(id))
                        .setAttribute("scheduler", policy);
                if (realTime) {
                    one.setAttribute("priority", sched.attribute("priority").orElseThrow().trim());
                }
                perThread.put(id, one);
            }
        }
        int at = cputune.contentIndex(given.get(0));
        given.forEach(cputune::remove);
        for (XmlElement one : perThread.values()) {
            cputune.insert(at++, one);
        }
    }

    /**
     * Cache ({@code <cachetune>}) and memory bandwidth ({@code <memorytune>}) allocations. A
     * memorytune over exactly a cachetune's vCPUs shares its allocation; any other overlap of
     * vCPU lists is refused, as are two allocations of the same cache or node, and monitors
     * over vCPUs their allocation does not hold.
     */
    private static void resctrl(XmlElement cputune, int maxVcpus, String source) {
        List<CpuSet> cacheTunes = new ArrayList<>();
        List<CpuSet> memoryTunes = new ArrayList<>();
        for (XmlElement tune : cputune.children()) {
            boolean cache = tune.name().equals("cachetune");
            if (!cache && !tune.name().equals("memorytune")) {
                continue;
            }
            String list = tune.attribute("vcpus").orElseThrow(() -> DomainDefaults.invalid(source, tune,
                    "Missing attribute 'vcpus' in element '" + tune.name() + "'"));
            CpuSet vcpus = CpuSet.parse(list, "'vcpus' of <" + tune.name() + ">").below(maxVcpus);
            if (vcpus.isEmpty()) {
                // libvirt ignores an allocation for vCPUs the domain does not have.
                cputune.remove(tune);
                continue;
            }
            List<CpuSet> sameKind = cache ? cacheTunes : memoryTunes;
            List<CpuSet> otherKind = cache ? memoryTunes : cacheTunes;
            for (CpuSet earlier : sameKind) {
                if (earlier.intersects(vcpus)) {
                    throw DomainDefaults.invalid(source, tune, "Overlapping vcpus in " + tune.name() + "s");
                }
            }
            for (CpuSet earlier : otherKind) {
                if (earlier.intersects(vcpus) && !earlier.equals(vcpus)) {
                    throw DomainDefaults.invalid(source, tune, "Overlapping vcpus in cachetunes and memorytunes");
                }
            }
            sameKind.add(vcpus);
            tune.setAttribute("vcpus", vcpus.format());
            if (cache) {
                checkCaches(tune, source);
            } else {
                checkNodes(tune, source);
            }
            List<XmlElement> monitors = tune.children("monitor");
            for (XmlElement monitor : monitors) {
                CpuSet watched = CpuSet.parse(monitor.attribute("vcpus").orElseThrow(() -> DomainDefaults.invalid(
                        source, monitor, "Missing attribute 'vcpus' in element 'monitor'")), "'vcpus' of <monitor>");
                if (!vcpus.containsAll(watched)) {
                    throw DomainDefaults.invalid(source, monitor, "Monitor vcpus conflicts with allocation");
                }
                // libvirt writes a tune's allocations first and its monitors after them.
                tune.remove(monitor);
                tune.append(monitor);
            }
        }
    }

    private static void checkCaches(XmlElement tune, String source) {
        Map<String, Set<String>> typesPerCache = new TreeMap<>();
        for (XmlElement cache : tune.children("cache")) {
            String key = cache.attribute("level").orElse("") + "/" + cache.attribute("id").orElse("");
            String type = cache.attribute("type").orElse("");
            Set<String> types = typesPerCache.computeIfAbsent(key, k -> new TreeSet<>());
            if (types.contains(type)) {
                throw DomainDefaults.invalid(source, cache, "Cache allocation of level '"
                        + cache.attribute("level").orElse("") + "' id '" + cache.attribute("id").orElse("")
                        + "' type '" + type + "' is already defined");
            }
            // A cache split into code and data (CDP) cannot also be allocated as a whole.
            if (!types.isEmpty() && (type.equals("both") || types.contains("both"))) {
                throw DomainDefaults.invalid(source, cache, "Cache allocation of type '" + type
                        + "' conflicts with an earlier allocation of the same cache");
            }
            types.add(type);
        }
    }

    private static void checkNodes(XmlElement tune, String source) {
        Set<String> ids = new TreeSet<>();
        for (XmlElement node : tune.children("node")) {
            String id = node.attribute("id").orElse("");
            if (!ids.add(id)) {
                throw DomainDefaults.invalid(source, node, "Memory Bandwidth already defined for node " + id);
            }
        }
    }
}
