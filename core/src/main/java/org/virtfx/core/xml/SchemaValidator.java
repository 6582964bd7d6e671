package org.virtfx.core.xml;

import com.thaiopensource.resolver.AbstractResolver;
import com.thaiopensource.resolver.Identifier;
import com.thaiopensource.resolver.Input;
import com.thaiopensource.resolver.Resolver;
import com.thaiopensource.util.PropertyMap;
import com.thaiopensource.util.PropertyMapBuilder;
import com.thaiopensource.validate.IncorrectSchemaException;
import com.thaiopensource.validate.Schema;
import com.thaiopensource.validate.ValidateProperty;
import com.thaiopensource.validate.Validator;
import com.thaiopensource.validate.rng.SAXSchemaReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Checks XML text against libvirt's RELAX NG schemas (bundled with core, libvirt v9.9.0) with
 * Jing, as {@code virsh define --validate} does. Each schema is compiled once, on first use, and
 * shared: a compiled Jing schema is immutable and makes a fresh validator per document, so
 * validating a typical domain on define takes a few milliseconds.
 */
public final class SchemaValidator {
    private static final String SCHEMA_DIR = "/org/virtfx/core/xml/schemas/";

    /** The schema a document kind is checked against. */
    public enum Kind {
        DOMAIN("domain.rng"),
        NETWORK("network.rng"),
        POOL("storagepool.rng"),
        VOLUME("storagevol.rng");

        private final String file;

        Kind(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }
    }

    /** One schema violation, with the position in the validated text. */
    public record Problem(int line, int column, String message) {
        @Override
        public String toString() {
            return line + ":" + column + ": " + message;
        }
    }

    /**
     * Finds a schema's includes among the bundled files by name. Jing cannot resolve a relative
     * include against a {@code jar:} URL, so once core is packaged its default resolver looks
     * for {@code domaincommon.rng} in the working directory instead.
     */
    private static final Resolver BUNDLED_INCLUDES = new AbstractResolver() {
        @Override
        public void resolve(Identifier id, Input input) throws IOException {
            if (input.isResolved()) {
                return;
            }
            String reference = id.getUriReference();
            URL url = SchemaValidator.class.getResource(SCHEMA_DIR + reference.substring(reference.lastIndexOf('/') + 1));
            if (url != null) {
                input.setUri(url.toExternalForm());
                input.setByteStream(url.openStream());
            }
        }
    };

    private final Map<Kind, Schema> schemas = new ConcurrentHashMap<>();
    private final SAXParserFactory parsers;

    public SchemaValidator() {
        parsers = SAXParserFactory.newInstance();
        parsers.setNamespaceAware(true);
        try {
            // The text comes from users: no DOCTYPE, so no external entities and no entity bombs.
            parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot refuse DOCTYPE", e);
        }
    }

    /**
     * All problems the schema finds, in document order; empty when the text is valid.
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} when the text is not well-formed XML
     */
    public List<Problem> problems(Kind kind, String xml) {
        Objects.requireNonNull(xml);
        List<Problem> problems = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // Warnings do not make a document invalid.
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(new Problem(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        };
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.ERROR_HANDLER, collect);
        Validator validator = schema(kind).createValidator(properties.toPropertyMap());
        try {
            XMLReader reader = parsers.newSAXParser().getXMLReader();
            reader.setContentHandler(validator.getContentHandler());
            reader.setErrorHandler(collect);
            reader.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), null, e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: " + e.getMessage(), null, e);
        }
        return problems;
    }

    /**
     * Fails unless the text is valid.
     *
     * @param source what to call the text in the message (a file name, "(input)")
     * @throws VirtException {@link ErrorCode#XML_DETAIL} naming line and column of the first problem
     */
    public void validate(Kind kind, String xml, String source) {
        List<Problem> problems = problems(kind, xml);
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            StringBuilder detail = new StringBuilder();
            problems.forEach(p -> detail.append(source).append(':').append(p).append('\n'));
            throw new VirtException(ErrorCode.XML_DETAIL, source + ":" + first.line() + ":" + first.column()
                    + ": XML document failed to validate against schema " + kind.file() + ": " + first.message(),
                    detail.toString(), null);
        }
    }

    private Schema schema(Kind kind) {
        return schemas.computeIfAbsent(kind, SchemaValidator::compile);
    }

    private static Schema compile(Kind kind) {
        URL url = SchemaValidator.class.getResource(SCHEMA_DIR + kind.file());
        if (url == null) {
            throw new IllegalStateException("schema " + kind.file() + " is missing from the class path");
        }
        PropertyMapBuilder properties = new PropertyMapBuilder();
        properties.put(ValidateProperty.RESOLVER, BUNDLED_INCLUDES);
        PropertyMap map = properties.toPropertyMap();
        try {
            return SAXSchemaReader.getInstance().createSchema(new InputSource(url.toExternalForm()), map);
        } catch (IOException | SAXException | IncorrectSchemaException e) {
            throw new IllegalStateException("cannot compile bundled schema " + kind.file(), e);
        }
    }
}
