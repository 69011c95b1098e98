package dev.disagg.jenkins.support

/**
 * The library's src/ classes compiled from source once per test JVM. Normal-mode pipeline tests
 * use this as JenkinsPipelineUnit's parent class loader, so each test compiles only its scripts
 * and vars/ (which JPU must load itself to intercept steps); src/ classes hold no static state.
 * The CPS test does not use it: there src/ must be CPS-transformed by JPU's own loader.
 */
class SourceClasses {
    static final GroovyClassLoader LOADER = create()

    static Class load(String name) {
        return LOADER.loadClass(name)
    }

    private static GroovyClassLoader create() {
        GroovyClassLoader loader = new GroovyClassLoader(SourceClasses.classLoader)
        loader.addClasspath(new File(LibraryFromSource.root(), 'src').path)
        return loader
    }
}
