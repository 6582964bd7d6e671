package org.virtfx.app.cli;

import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.xml.SchemaValidator;

/**
 * One family of named objects (domains, networks, pools) that virsh's commands treat alike:
 * define from a file, dump XML, mark for autostart, run one operation. What differs is how the
 * CLI reaches the family, and virsh's words: it quotes domain names only ("Domain 'test'",
 * "Network default", "Pool p3"), and its autostart failures start with "Failed" for domains
 * but "failed" for the others.
 *
 * @param <F> the core family, such as {@link DomainFamily}
 * @param <S> what a lookup in it finds, such as {@link DomainSummary}
 */
record ObjectFamily<F, S>(String noun, String titled, String autostartFailure, SchemaValidator.Kind schema,
                          Function<Connection, F> family, BiFunction<CliSession, String, S> find,
                          Function<S, UUID> uuid, Function<S, String> name, XmlReader<F> xml,
                          BiFunction<F, String, S> define, AutostartSetter<F> autostart) {

    static final ObjectFamily<DomainFamily, DomainSummary> DOMAINS = new ObjectFamily<>("domain", "Domain '%s'",
            "Failed to %s domain '%s' as autostarted", SchemaValidator.Kind.DOMAIN, Connection::domains,
            CliSession::domain, DomainSummary::uuid, DomainSummary::name, DomainFamily::xml, DomainFamily::define,
            DomainFamily::setAutostart);
    static final ObjectFamily<NetworkFamily, NetworkSummary> NETWORKS = new ObjectFamily<>("network", "Network %s",
            "failed to %s network %s as autostarted", SchemaValidator.Kind.NETWORK, Connection::networks,
            CliSession::network, NetworkSummary::uuid, NetworkSummary::name, NetworkFamily::xml, NetworkFamily::define,
            NetworkFamily::setAutostart);
    static final ObjectFamily<StorageFamily, PoolSummary> POOLS = new ObjectFamily<>("pool", "Pool %s",
            "failed to %s pool %s as autostarted", SchemaValidator.Kind.POOL, Connection::storage,
            CliSession::pool, PoolSummary::uuid, PoolSummary::name, StorageFamily::poolXml, StorageFamily::definePool,
            StorageFamily::setPoolAutostart);

    /** The family's call for an object's XML, live or as defined. */
    interface XmlReader<F> {
        String xml(F family, UUID uuid, boolean inactive);
    }

    /** The family's call that marks or unmarks an object for autostart. */
    interface AutostartSetter<F> {
        void set(F family, UUID uuid, boolean autostart);
    }

    /** virsh's {@code define}, {@code net-define}, {@code pool-define}: optionally validated against the schema. */
    void define(CliSession session, String file, boolean validate) {
        fromFile(session, file, validate, "define", define);
    }

    /**
     * One object made from an XML file by {@code make}, optionally validated against the schema
     * first, reported in virsh's words for {@code verb} ("define": "Failed to define network
     * from FILE", "Network NAME defined from FILE").
     */
    void fromFile(CliSession session, String file, boolean validate, String verb, BiFunction<F, String, S> make) {
        String document = CliSession.readFile(file);
        String headline = "Failed to " + verb + " " + noun + " from " + file;
        if (validate) {
            session.validate(schema, document, file, headline);
        }
        S made = session.call(headline, () -> make.apply(family.apply(session.connection()), document));
        session.extra(titled.formatted(name.apply(made)) + " " + verb + "d from " + file);
    }

    /** virsh's {@code dumpxml}, {@code net-dumpxml}, {@code pool-dumpxml}. */
    void dumpXml(CliSession session, String word, boolean inactive) {
        UUID target = uuid.apply(find.apply(session, word));
        session.print(session.call("failed to get " + noun + " XML", () ->
                xml.xml(family.apply(session.connection()), target, inactive)));
    }

    /** virsh's {@code autostart [--disable]}, {@code net-autostart}, {@code pool-autostart}; names as typed. */
    void autostart(CliSession session, String word, boolean disable) {
        UUID target = uuid.apply(find.apply(session, word));
        session.call(autostartFailure.formatted(disable ? "unmark" : "mark", word), () ->
                autostart.set(family.apply(session.connection()), target, !disable));
        session.extra(titled.formatted(word) + (disable ? " unmarked" : " marked") + " as autostarted");
    }

    /**
     * One operation on the object a word names, reported as virsh reports it: the failure's
     * headline and the success line are formats of the word as the user typed it.
     */
    void act(CliSession session, String word, String failure, String success, BiConsumer<F, UUID> operation) {
        UUID target = uuid.apply(find.apply(session, word));
        F objects = family.apply(session.connection());
        session.call(failure.formatted(word), () -> operation.accept(objects, target));
        session.extra(success.formatted(word));
    }
}
