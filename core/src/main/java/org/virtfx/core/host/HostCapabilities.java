package org.virtfx.core.host;

import java.util.List;
import java.util.Optional;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * A driver's capabilities document, as {@code virsh capabilities} prints it: the host's CPU
 * architecture and topology, its NUMA cells, the security model, and one {@code <guest>} for
 * each kind of domain the driver runs. The wizard reads it to learn what a connection can create.
 *
 * @param uuid the host's UUID, if the driver knows one (libvirt reads SMBIOS or its config)
 */
public record HostCapabilities(Optional<String> uuid, String arch, NodeInfo node, List<NumaCell> cells,
                               String securityModel, List<Guest> guests) {

    public HostCapabilities {
        cells = List.copyOf(cells);
        guests = List.copyOf(guests);
    }

    /**
     * One kind of guest: its OS type ({@code hvm} for machines, {@code exe} for containers), its
     * architecture and word size, the program that runs it, and the domain types that may use it.
     */
    public record Guest(String osType, String arch, int wordSize, String emulator, List<String> domainTypes) {
        public Guest {
            domainTypes = List.copyOf(domainTypes);
        }
    }

    /** The document, formatted as libvirt formats it. */
    public String xml() {
        XmlElement host = new XmlElement("host");
        uuid.ifPresent(u -> host.append(new XmlElement("uuid").setText(u)));
        host.append(new XmlElement("cpu")
                .append(new XmlElement("arch").setText(arch))
                .append(new XmlElement("topology")
                        .setAttribute("sockets", Integer.toString(node.socketsPerNode()))
                        .setAttribute("dies", "1")
                        .setAttribute("clusters", "1")
                        .setAttribute("cores", Integer.toString(node.coresPerSocket()))
                        .setAttribute("threads", Integer.toString(node.threadsPerCore()))));
        if (!cells.isEmpty()) {
            XmlElement list = new XmlElement("cells").setAttribute("num", Integer.toString(cells.size()));
            for (NumaCell cell : cells) {
                XmlElement cpus = new XmlElement("cpus").setAttribute("num", Integer.toString(cell.cpus().size()));
                cell.cpus().forEach(id -> cpus.append(new XmlElement("cpu").setAttribute("id", id.toString())));
                list.append(new XmlElement("cell").setAttribute("id", Integer.toString(cell.id()))
                        .append(new XmlElement("memory").setAttribute("unit", "KiB").setText(Long.toString(cell.memoryKiB())))
                        .append(cpus));
            }
            host.append(new XmlElement("topology").append(list));
        }
        XmlElement doi = new XmlElement("doi");
        if (securityModel.equals("none")) {
            doi.setText("0");
        }
        host.append(new XmlElement("secmodel").append(new XmlElement("model").setText(securityModel)).append(doi));
        XmlElement capabilities = new XmlElement("capabilities").append(host);
        for (Guest guest : guests) {
            XmlElement archElement = new XmlElement("arch").setAttribute("name", guest.arch())
                    .append(new XmlElement("wordsize").setText(Integer.toString(guest.wordSize())))
                    .append(new XmlElement("emulator").setText(guest.emulator()));
            guest.domainTypes().forEach(t -> archElement.append(new XmlElement("domain").setAttribute("type", t)));
            capabilities.append(new XmlElement("guest").append(new XmlElement("os_type").setText(guest.osType()))
                    .append(archElement));
        }
        return XmlFormat.format(capabilities);
    }
}
