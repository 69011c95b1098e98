package dev.disagg.jenkins.support

import groovy.io.FileType

import java.nio.file.FileSystems
import java.nio.file.Paths

/** What archiveArtifacts' comma-separated Ant patterns match under a directory (enough of Ant for the tests). */
class AntPatterns {
    static List<String> matches(File base, String patterns) {
        if (!base.isDirectory()) {
            return []
        }
        List<String> globs = patterns.split(',').collect { it.trim() }.findAll { it }
        List<String> matched = []
        base.eachFileRecurse(FileType.FILES) { File f ->
            String rel = base.toPath().relativize(f.toPath()).toString()
            if (globs.any { FileSystems.default.getPathMatcher("glob:${it}").matches(Paths.get(rel)) }) {
                matched << rel
            }
        }
        return matched.sort()
    }
}
