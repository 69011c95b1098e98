package dev.disagg.jenkins.support

/** The library's src/ classes compiled by a plain Groovy class loader, for tests of pure functions. */
class SourceClasses {
    static Class load(String name) {
        GroovyClassLoader loader = new GroovyClassLoader(SourceClasses.classLoader)
        loader.addClasspath(new File(LibraryFromSource.root(), 'src').path)
        return loader.loadClass(name)
    }
}
