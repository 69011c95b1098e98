package dev.disagg.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (the Jenkins step pins the jar to it). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = DisaggCli.class.getPackage().getImplementationVersion();
        return new String[] {"disagg " + (version == null ? "(development build)" : version)};
    }
}
