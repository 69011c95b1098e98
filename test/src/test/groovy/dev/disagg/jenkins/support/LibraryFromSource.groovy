package dev.disagg.jenkins.support

import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever

/**
 * The shared library as Jenkins would load it: vars/, src/ and resources/ from the repository
 * root, compiled by the test's class loader (so JenkinsPipelineUnit intercepts every step).
 */
class LibraryFromSource implements SourceRetriever {
    static final String NAME = 'disagg'

    static File root() {
        String root = System.getProperty('disagg.libraryRoot')
        if (!root) {
            throw new IllegalStateException('system property disagg.libraryRoot is not set (test/pom.xml sets it)')
        }
        return new File(root).canonicalFile
    }

    static LibraryConfiguration configuration() {
        return LibraryConfiguration.library()
                .name(NAME)
                .defaultVersion('main')
                .allowOverride(true)
                .implicit(false)
                .targetPath(root().path)
                .retriever(new LibraryFromSource())
                .build()
    }

    @Override
    List<URL> retrieve(String repository, String branch, String targetPath) {
        return [root().toURI().toURL()]
    }
}
