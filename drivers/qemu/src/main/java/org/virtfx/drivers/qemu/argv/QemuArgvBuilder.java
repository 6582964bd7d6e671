package org.virtfx.drivers.qemu.argv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;

/**
 * Turns a domain's XML into QEMU's command line, option for option as libvirt 9.9's QEMU
 * driver writes it for QEMU 8.2 (the {@code qemuxml2argv} corpus checks that). It covers what
 * a desktop user creates; anything else in the XML is refused with libvirt's "unsupported
 * configuration" rather than left out of the command line.
 */
public final class QemuArgvBuilder {

    /** Builds the command line, or throws a {@link VirtException} naming what cannot be honoured. */
    public QemuCommandLine build(XmlElement domainXml, CommandLineContext ctx) {
        return new Build(DomainNode.root(domainXml), ctx).run();
    }

    /** One build: the state of a single pass over one document. */
    private static final class Build {
        private final DomainNode domain;
        private final CommandLineContext ctx;
        private final List<String> argv = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private DomainNode devices;
        private String name;

        Build(DomainNode domain, CommandLineContext ctx) {
            this.domain = domain;
            this.ctx = ctx;
        }

        QemuCommandLine run() {
            domain.oneOf("type", "qemu", "kvm");
            domain.attr("id");
            name = domain.childText("name").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing domain name"));
            String uuid = domain.childText("uuid").orElseThrow(() -> DomainNode.unsupported("a domain without <uuid>"));
            domain.irrelevant("title");
            domain.irrelevant("description");
            domain.irrelevant("metadata");
            devices = domain.child("devices").orElseThrow(() -> DomainNode.unsupported("a domain without <devices>"));
            DomainNode os = domain.child("os").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing <os>"));
            DomainNode type = os.child("type").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing <os><type>"));
            if (!"hvm".equals(type.text())) {
                throw DomainNode.unsupported("OS type '" + type.text() + "'");
            }
            type.oneOf("arch", "x86_64");
            String machine = type.attr("machine", "pc");
            boolean q35 = machine.equals("q35") || machine.startsWith("pc-q35-");
            if (!q35 && !machine.equals("pc") && !machine.startsWith("pc-i440fx-")) {
                throw DomainNode.unsupported("machine type '" + machine + "'");
            }
            lifecycle();

            environment();
            // libvirt takes the emulator of the host's capabilities when the XML names none.
            argv.add(devices.childText("emulator").orElse("/usr/bin/qemu-system-x86_64"));
            argv.add("-name");
            argv.add("guest=" + Chardevs.commas(name) + ",debug-threads=on");
            argv.add("-S");
            if (ctx.masterKey() != null) {
                object(Props.of("qom-type", "secret").put("id", "masterKey0").put("format", "raw")
                        .put("file", ctx.masterKey().toString()));
            }
            Firmware firmware = firmware(os, q35);
            DeviceArgs devs = new DeviceArgs(devices, q35, ctx, argv);
            devs.assignAddresses(os);

            machine(machine, q35, firmware);
            argv.add("-accel");
            argv.add(ctx.accel().option());
            cpu();
            if (firmware.bios() != null) {
                argv.add("-bios");
                argv.add(firmware.bios());
            }
            memory();
            smp();
            argv.add("-uuid");
            argv.add(uuid);
            if (devices.children("graphics").isEmpty()) {
                argv.add("-display");
                argv.add("none");
            }
            argv.add("-no-user-config");
            argv.add("-nodefaults");
            monitor();
            clock();
            argv.add("-no-shutdown");
            power(q35);
            boot(os);
            devs.emit();
            argv.add("-sandbox");
            argv.add("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
            devs.emitPanics();
            argv.add("-msg");
            argv.add("timestamp=on");
            domain.refuseUnread();
            return new QemuCommandLine(env, argv, devs.placements());
        }

        /** libvirt clears QEMU's environment and points HOME and XDG_* at the domain's own directory. */
        private void environment() {
            String dir = ctx.domainDir().toString();
            env.put("LC_ALL", "C");
            env.put("PATH", ctx.searchPath());
            env.put("HOME", dir);
            env.put("USER", ctx.user());
            env.put("LOGNAME", ctx.user());
            env.put("XDG_DATA_HOME", dir + "/.local/share");
            env.put("XDG_CACHE_HOME", dir + "/.cache");
            env.put("XDG_CONFIG_HOME", dir + "/.config");
        }

        /**
         * The on_* actions are not options: QEMU starts with -no-shutdown and the process
         * layer acts on the events (see LifecycleActions). Only values it can act on pass.
         */
        private void lifecycle() {
            domain.child("on_poweroff").ifPresent(n -> oneText(n, "destroy", "restart"));
            domain.child("on_reboot").ifPresent(n -> oneText(n, "restart", "destroy"));
            domain.child("on_crash").ifPresent(n -> oneText(n, "destroy", "restart", "preserve"));
        }

        private static void oneText(DomainNode n, String... allowed) {
            for (String a : allowed) {
                if (a.equals(n.text())) {
                    return;
                }
            }
            throw DomainNode.unsupported("<" + n.name() + ">" + n.text() + "</" + n.name() + ">");
        }

        private record Firmware(String bios, String pflash0, String pflash1) {
        }

        private Firmware firmware(DomainNode os, boolean q35) {
            os.attr("firmware").ifPresent(f -> {
                throw DomainNode.unsupported("firmware auto-selection (<os firmware='" + f + "'>)");
            });
            Optional<DomainNode> loader = os.child("loader");
            if (loader.isEmpty()) {
                if (os.child("nvram").isPresent()) {
                    throw DomainNode.unsupported("<nvram> without a pflash <loader>");
                }
                return new Firmware(null, null, null);
            }
            DomainNode l = loader.get();
            String type = l.oneOf("type", "rom", "pflash");
            String path = l.text();
            if (path.isEmpty()) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "no loader path specified and firmware auto selection disabled");
            }
            if ("rom".equals(type)) {
                l.oneOf("readonly", "yes");
                return new Firmware(path, null, null);
            }
            boolean readOnly = "yes".equals(l.oneOf("readonly", "no", "yes"));
            if (domain.child("features").flatMap(f -> f.child("acpi")).isEmpty()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "UEFI requires ACPI on this architecture");
            }
            l.oneOf("secure", "no");
            // A writable loader keeps its own variables: libvirt adds no store unless <nvram> asks.
            Optional<DomainNode> nvramNode = os.child("nvram");
            String nvram = nvramNode.map(n -> {
                n.attr("template");
                return n.text().isEmpty() ? ctx.defaultNvram().toString() : n.text();
            }).orElse(readOnly ? ctx.defaultNvram().toString() : null);
            Blockdevs.pair(argv, "libvirt-pflash0", "file", path, readOnly, null, "raw");
            if (nvram == null) {
                return new Firmware(null, "libvirt-pflash0-format", null);
            }
            Blockdevs.pair(argv, "libvirt-pflash1", "file", nvram, false, null, "raw");
            return new Firmware(null, "libvirt-pflash0-format", "libvirt-pflash1-format");
        }

        private void machine(String machine, boolean q35, Firmware firmware) {
            StringBuilder m = new StringBuilder(machine).append(",usb=off");
            Optional<DomainNode> features = domain.child("features");
            boolean acpi = false;
            if (features.isPresent()) {
                DomainNode f = features.get();
                acpi = f.child("acpi").isPresent();
                f.child("apic").ifPresent(a -> a.oneOf("eoi", "none"));
                f.irrelevant("pae");
                Optional<DomainNode> vmport = f.child("vmport");
                if (vmport.isPresent()) {
                    m.append(",vmport=").append(vmport.get().oneOf("state", "on", "off"));
                }
            }
            m.append(",dump-guest-core=off,memory-backend=pc.ram");
            if (firmware.pflash0() != null) {
                m.append(",pflash0=").append(firmware.pflash0());
                if (firmware.pflash1() != null) {
                    m.append(",pflash1=").append(firmware.pflash1());
                }
            }
            for (DomainNode timer : timers()) {
                if ("hpet".equals(timer.attr("name", ""))) {
                    timer.attr("present").ifPresent(p -> m.append(",hpet=").append("yes".equals(p) ? "on" : "off"));
                }
            }
            m.append(",acpi=").append(acpi ? "on" : "off");
            argv.add("-machine");
            argv.add(m.toString());
        }

        private List<DomainNode> timers() {
            return domain.child("clock").map(c -> c.children("timer")).orElse(List.of());
        }

        private void cpu() {
            Optional<DomainNode> cpu = domain.child("cpu");
            String model = "qemu64";
            if (cpu.isPresent()) {
                String mode = cpu.get().oneOf("mode", "custom", "host-passthrough");
                if ("host-passthrough".equals(mode)) {
                    if (ctx.accel() != Accel.KVM) {
                        throw DomainNode.unsupported("CPU mode host-passthrough without KVM");
                    }
                    cpu.get().oneOf("check", "none");
                    cpu.get().oneOf("migratable", "on");
                    model = "host,migratable=on";
                }
            }
            argv.add("-cpu");
            argv.add(model);
        }

        private void memory() {
            DomainNode mem = domain.child("memory").orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL, "missing <memory>"));
            long kib = ScaledSize.toKiB(mem.text(), mem.attr("unit", "KiB"), "<memory>");
            domain.child("currentMemory").ifPresent(c -> {
                long current = ScaledSize.toKiB(c.text(), c.attr("unit", "KiB"), "<currentMemory>");
                // Not an option: the start sets the balloon over QMP (see BalloonTarget).
                boolean balloon = devices.child("memballoon").map(b -> b.attr("model", "virtio")).orElse("virtio")
                        .equals("virtio");
                if (current > kib || current < kib && !balloon) {
                    throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                            "unsupported configuration: <currentMemory> other than <memory> needs a virtio balloon");
                }
            });
            // libvirt rounds the guest's memory up to whole MiB when it parses the domain.
            long size = (kib + 1023) / 1024 * 1024;
            argv.add("-m");
            argv.add("size=" + size + "k");
            object(Props.of("qom-type", "memory-backend-ram").put("id", "pc.ram").put("size", size * 1024));
            argv.add("-overcommit");
            argv.add("mem-lock=off");
        }

        private void smp() {
            DomainNode vcpu = domain.child("vcpu").orElse(null);
            int max = vcpu == null ? 1 : DomainNode.integer(vcpu.text());
            int current = max;
            if (vcpu != null) {
                vcpu.oneOf("placement", "static");
                if (vcpu.attr("cpuset").isPresent()) {
                    throw DomainNode.unsupported("<vcpu cpuset> (pinning)");
                }
                current = vcpu.attr("current").map(DomainNode::integer).orElse(max);
            }
            StringBuilder s = new StringBuilder().append(current);
            if (current != max) {
                s.append(",maxcpus=").append(max);
            }
            Optional<DomainNode> topology = domain.child("cpu").flatMap(c -> c.child("topology"));
            if (topology.isPresent()) {
                DomainNode t = topology.get();
                int sockets = DomainNode.integer(t.required("sockets"));
                int cores = DomainNode.integer(t.required("cores"));
                int threads = DomainNode.integer(t.required("threads"));
                int dies = DomainNode.integer(t.attr("dies", "1"));
                if (sockets * dies * cores * threads != max) {
                    throw VirtException.of(ErrorCode.XML_DETAIL, "CPU topology doesn't match maximum vcpu count");
                }
                s.append(",sockets=").append(sockets).append(",dies=").append(dies).append(",cores=").append(cores)
                        .append(",threads=").append(threads);
            } else {
                s.append(",sockets=").append(max).append(",cores=1,threads=1");
            }
            argv.add("-smp");
            argv.add(s.toString());
        }

        private void monitor() {
            OptionalInt fd = ctx.hostEnds().listeningSocket("charmonitor", ctx.monitorSocket());
            argv.add("-chardev");
            argv.add("socket,id=charmonitor," + (fd.isPresent() ? "fd=" + fd.getAsInt()
                    : "path=" + Chardevs.commas(ctx.monitorSocket().toString())) + ",server=on,wait=off");
            argv.add("-mon");
            argv.add("chardev=charmonitor,id=monitor,mode=control");
        }

        private void clock() {
            DomainNode clock = domain.child("clock").orElse(null);
            String offset = clock == null ? "utc" : clock.oneOf("offset", "utc", "localtime");
            StringBuilder rtc = new StringBuilder("base=").append(offset);
            String pit = null;
            for (DomainNode timer : timers()) {
                String timerName = timer.required("name");
                switch (timerName) {
                    case "rtc" -> {
                        if ("catchup".equals(timer.oneOf("tickpolicy", "catchup"))) {
                            rtc.append(",driftfix=slew");
                        }
                    }
                    case "pit" -> pit = timer.oneOf("tickpolicy", "delay");
                    case "hpet" -> timer.attr("present");
                    default -> throw DomainNode.unsupported("timer '" + timerName + "'");
                }
            }
            argv.add("-rtc");
            argv.add(rtc.toString());
            if (pit != null) {
                argv.add("-global");
                argv.add("kvm-pit.lost_tick_policy=delay");
            }
        }

        private void power(boolean q35) {
            Optional<DomainNode> pm = domain.child("pm");
            if (pm.isEmpty()) {
                return;
            }
            String object = q35 ? "ICH9-LPC" : "PIIX4_PM";
            for (String state : new String[] {"suspend-to-mem", "suspend-to-disk"}) {
                Optional<DomainNode> s = pm.get().child(state);
                if (s.isPresent()) {
                    String enabled = s.get().oneOf("enabled", "no", "yes");
                    argv.add("-global");
                    argv.add(object + (state.equals("suspend-to-mem") ? ".disable_s3=" : ".disable_s4=")
                            + ("no".equals(enabled) ? 1 : 0));
                }
            }
        }

        private void boot(DomainNode os) {
            StringBuilder b = new StringBuilder();
            os.child("bootmenu").ifPresent(menu -> {
                b.append("yes".equals(menu.oneOf("enable", "no", "yes")) ? "menu=on," : "menu=off,");
                menu.attr("timeout").ifPresent(t -> {
                    int timeout = DomainNode.integer(t);
                    if (timeout < 0 || timeout > 65535) {
                        throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                                "invalid value for boot menu timeout, must be in range [0,65535]");
                    }
                    b.append("splash-time=").append(timeout).append(',');
                });
            });
            b.append("strict=on");
            argv.add("-boot");
            argv.add(b.toString());
            os.childText("kernel").ifPresent(k -> {
                argv.add("-kernel");
                argv.add(k);
            });
            os.childText("initrd").ifPresent(i -> {
                argv.add("-initrd");
                argv.add(i);
            });
            os.childText("cmdline").ifPresent(c -> {
                argv.add("-append");
                argv.add(c);
            });
        }

        void object(Props props) {
            argv.add("-object");
            argv.add(props.json());
        }
    }
}
