package org.virtfx.core.osinfo;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code <tree>} of an OS in osinfo-db: a network install tree, known by the regular
 * expressions its {@code .treeinfo} matches, or, for trees without one (Debian's and Ubuntu's
 * netboot installers), only by its URL and the paths of its kernel and initrd.
 *
 * @param url where the distribution publishes the tree
 */
public record TreeRule(String arch, String url, Optional<Pattern> family, Optional<Pattern> variant,
                       Optional<Pattern> version, Optional<Pattern> treeinfoArch, String kernel, String initrd) {

    public boolean hasTreeinfo() {
        return family.isPresent() || variant.isPresent() || version.isPresent() || treeinfoArch.isPresent();
    }

    /**
     * libosinfo's tree match: only rules with a {@code <treeinfo>} match; the tree's arch must be
     * the rule's or the rule's "all"; each field the rule names must be found in the file's.
     */
    public boolean matches(TreeInfo tree) {
        return hasTreeinfo() && (arch.equals(tree.treeArch()) || arch.equals("all"))
                && MediaRule.found(family, tree.family()) && MediaRule.found(variant, tree.variant())
                && MediaRule.found(version, tree.version()) && MediaRule.found(treeinfoArch, tree.arch());
    }
}
