package org.virtfx.app.cli;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * The host's security model as virNodeGetSecurityModel reports it: the first {@code <secmodel>}
 * of the capabilities' {@code <host>}, whose model is empty when no security driver is active.
 */
record HostSecurityModel(String model, String doi) {

    /** The active model, or none when the host has none or the driver cannot tell (as virsh). */
    static Optional<HostSecurityModel> of(CliSession session) {
        String capabilities;
        try {
            capabilities = session.connection().host().capabilitiesXml();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return Optional.empty();
            }
            throw e;
        }
        return new XmlParser().parse(capabilities, "(capabilities)").child("host")
                .flatMap(host -> host.child("secmodel"))
                .map(HostSecurityModel::read)
                .filter(model -> !model.model().isEmpty());
    }

    private static HostSecurityModel read(XmlElement secmodel) {
        return new HostSecurityModel(secmodel.childText("model").orElse("").strip(),
                secmodel.childText("doi").orElse("").strip());
    }
}
