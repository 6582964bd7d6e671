package org.virtfx.drivers.test;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.PoolEvent;
import org.virtfx.core.storage.PoolDefinition;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.storage.VolumeDefinition;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.core.xml.XmlText;

/** Storage pools and volumes of a test node: bookkeeping only, no files are touched. */
final class TestStorage implements StorageFamily {
    private final TestNode node;
    private final StorageXml storageXml = new StorageXml();
    private final XmlParser parser = new XmlParser();

    TestStorage(TestNode node) {
        this.node = node;
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
    }

    @Override
    public List<PoolSummary> listPools() {
        return node.pools().stream().map(TestPool::summary).toList();
    }

    @Override
    public PoolSummary definePool(String xml) {
        PoolDefinition definition = storageXml.parsePool(xml, "(storage_pool_definition)");
        PoolSummary summary;
        synchronized (node) {
            TestPool existing = checkUnique(definition);
            if (existing != null) {
                existing.redefine(definition);
                summary = existing.summary();
            } else {
                TestPool pool = new TestPool(definition, false);
                node.putPool(definition.uuid(), pool);
                summary = pool.summary();
            }
        }
        node.events().publish(new PoolEvent(summary, PoolEvent.Type.DEFINED));
        return summary;
    }

    /** Adds an active pool from a node file, with its volumes. */
    TestPool load(PoolDefinition definition) {
        checkUnique(definition);
        TestPool pool = new TestPool(definition, true);
        node.putPool(definition.uuid(), pool);
        return pool;
    }

    private TestPool checkUnique(PoolDefinition definition) {
        for (TestPool pool : node.pools()) {
            PoolDefinition current = pool.definition();
            boolean sameUuid = current.uuid().equals(definition.uuid());
            boolean sameName = current.name().equals(definition.name());
            if (sameUuid && !sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "pool '" + current.name()
                        + "' is already defined with uuid " + current.uuid());
            }
            if (!sameUuid && sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "pool '" + definition.name()
                        + "' already exists with uuid " + current.uuid());
            }
            if (sameUuid) {
                return pool;
            }
        }
        return null;
    }

    @Override
    public void undefinePool(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        PoolSummary summary;
        synchronized (pool) {
            if (pool.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is active");
            }
            summary = pool.summary();
            node.removePool(uuid);
        }
        node.events().publish(new PoolEvent(summary, PoolEvent.Type.UNDEFINED));
    }

    @Override
    public void startPool(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        PoolSummary summary;
        synchronized (pool) {
            if (pool.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is active");
            }
            pool.setActive(true);
            summary = pool.summary();
        }
        node.events().publish(new PoolEvent(summary, PoolEvent.Type.STARTED));
    }

    /**
     * libvirt's test driver takes no flags at start, so it refuses {@code pool-start --build}
     * in its own words, though {@code pool-build} then {@code pool-start} succeed.
     */
    @Override
    public void startPool(UUID uuid, boolean build) {
        if (build) {
            node.requirePool(uuid);
            throw new VirtException(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testStoragePoolCreate");
        }
        startPool(uuid);
    }

    /** A test pool has nothing on the host to make: building an inactive one succeeds, as in libvirt. */
    @Override
    public void buildPool(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        if (pool.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is active");
        }
    }

    @Override
    public void refreshPool(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        requireActive(pool);
        node.events().publish(new PoolEvent(pool.summary(), PoolEvent.Type.REFRESHED));
    }

    @Override
    public void stopPool(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        PoolSummary summary;
        synchronized (pool) {
            requireActive(pool);
            pool.setActive(false);
            summary = pool.summary();
        }
        node.events().publish(new PoolEvent(summary, PoolEvent.Type.STOPPED));
    }

    @Override
    public void setPoolAutostart(UUID uuid, boolean autostart) {
        node.requirePool(uuid).setAutostart(autostart);
    }

    /** The pool's XML with the sizes libvirt's test driver reports. */
    @Override
    public String poolXml(UUID uuid, boolean inactive) {
        TestPool pool = node.requirePool(uuid);
        PoolSummary summary = pool.summary();
        XmlElement root = parser.parse(pool.definition().xml(), summary.name());
        for (String sizeElement : List.of("capacity", "allocation", "available")) {
            root.child(sizeElement).ifPresent(root::remove);
        }
        root.insertAfter("uuid", sizeElement("available", summary.available()));
        root.insertAfter("uuid", sizeElement("allocation", summary.allocation()));
        root.insertAfter("uuid", sizeElement("capacity", summary.capacity()));
        if (root.child("source").isEmpty()) {
            // libvirt always writes the source, with an end tag on its own line when it is empty.
            root.insertAfter("available", new XmlElement("source").append(new XmlText("\n")));
        }
        return XmlFormat.format(root);
    }

    private static XmlElement sizeElement(String name, long bytes) {
        return new XmlElement(name).setAttribute("unit", "bytes").setText(Long.toString(bytes));
    }

    @Override
    public List<VolumeSummary> listVolumes(UUID uuid) {
        TestPool pool = node.requirePool(uuid);
        if (!pool.isActive()) {
            // libvirt's test driver leaves the name out here, unlike its other calls on an inactive pool.
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool is not active");
        }
        return pool.volumes().stream().map(pool::volumeSummary).toList();
    }

    @Override
    public VolumeSummary createVolume(UUID uuid, String xml) {
        TestPool pool = node.requirePool(uuid);
        VolumeDefinition volume = storageXml.parseVolume(xml, "(storage_volume_definition)", pool.definition().type());
        VolumeSummary summary;
        synchronized (pool) {
            requireActive(pool);
            if (pool.hasVolume(volume.name())) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "storage vol already exists");
            }
            if (pool.allocation() + volume.allocation() > TestPool.CAPACITY) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR,
                        "Not enough free space in pool for volume '" + volume.name() + "'");
            }
            pool.addVolume(volume);
            summary = pool.volumeSummary(volume);
        }
        node.events().publish(new PoolEvent(pool.summary(), PoolEvent.Type.REFRESHED));
        return summary;
    }

    @Override
    public void deleteVolume(UUID uuid, String volumeName) {
        TestPool pool = node.requirePool(uuid);
        synchronized (pool) {
            requireActive(pool);
            if (!pool.removeVolume(volumeName)) {
                throw noVolume(volumeName);
            }
        }
        node.events().publish(new PoolEvent(pool.summary(), PoolEvent.Type.REFRESHED));
    }

    @Override
    public VolumeSummary cloneVolume(UUID uuid, String xml, UUID sourcePool, String sourceVolume) {
        TestPool source = node.requirePool(sourcePool);
        requireActive(source);
        if (!source.hasVolume(sourceVolume)) {
            throw noVolume(sourceVolume);
        }
        return createVolume(uuid, xml);
    }

    /** The volume as libvirt's test driver writes it: a file whose key is its path, sizes in bytes. */
    @Override
    public String volumeXml(UUID uuid, String volumeName) {
        TestPool pool = node.requirePool(uuid);
        VolumeSummary volume = pool.volumes().stream().filter(v -> v.name().equals(volumeName)).findFirst()
                .map(pool::volumeSummary).orElseThrow(() -> noVolume(volumeName));
        XmlElement root = new XmlElement("volume").setAttribute("type", "file")
                .append(new XmlElement("name").setText(volume.name()))
                .append(new XmlElement("key").setText(volume.key()))
                .append(sizeElement("capacity", volume.capacity()))
                .append(sizeElement("allocation", volume.allocation()))
                .append(new XmlElement("target")
                        .append(new XmlElement("path").setText(volume.path()))
                        .append(new XmlElement("format").setAttribute("type", volume.format())));
        return XmlFormat.format(root);
    }

    private static void requireActive(TestPool pool) {
        if (!pool.isActive()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is not active");
        }
    }

    private static VirtException noVolume(String name) {
        return VirtException.of(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name '" + name + "'");
    }
}
