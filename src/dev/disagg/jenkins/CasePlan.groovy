package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurperClassic

/** What {@code disagg plan --json} said about one case: the names the rest of the step uses. */
final class CasePlan implements Serializable {
    private static final long serialVersionUID = 1L

    /** Case names end up in paths and artifact patterns: no separators, globs, commas or spaces. */
    private static final String SAFE_NAME = /[A-Za-z0-9_+=@%:-][A-Za-z0-9_.+=@%:-]*/

    final String config
    final String caseName
    final String caseDir
    final Integer totalNodes
    /** File names in the case directory, as the plan's layout names them (the core owns them). */
    final String resultJsonName
    final String resultsXmlName

    private CasePlan(String config, String caseName, String caseDir, Integer totalNodes, String resultJsonName,
                     String resultsXmlName) {
        this.config = config
        this.caseName = caseName
        this.caseDir = caseDir
        this.totalNodes = totalNodes
        this.resultJsonName = resultJsonName
        this.resultsXmlName = resultsXmlName
    }

    /**
     * Parses the plan JSON.
     * @throws IllegalArgumentException with a message for the build log when the plan cannot be used
     */
    @NonCPS
    static CasePlan parse(String config, String json) {
        Object parsed
        try {
            parsed = new JsonSlurperClassic().parseText(json)
        } catch (Exception e) {
            throw new IllegalArgumentException("'disagg plan --json' did not print JSON (${e.message}); is the core jar the library's version?")
        }
        if (!(parsed instanceof Map) || !parsed.caseName || !parsed.caseDir) {
            throw new IllegalArgumentException("'disagg plan --json' printed no caseName/caseDir (${json.take(200)}); is the core jar the library's version?")
        }
        String name = String.valueOf(parsed.caseName)
        if (!(name ==~ SAFE_NAME)) {
            throw new IllegalArgumentException("case name '${name}' cannot be used in file and artifact paths;" +
                    " use letters, digits and _ . + = @ % : - only (and no leading dot)")
        }
        Integer nodes = parsed.totalNodes instanceof Number ? ((Number) parsed.totalNodes).intValue() : null
        Map layout = parsed.layout instanceof Map ? (Map) parsed.layout : [:]
        return new CasePlan(config, name, String.valueOf(parsed.caseDir), nodes,
                fileName(layout.resultJson, 'result.json'), fileName(layout.resultsXml, 'results.xml'))
    }

    /** The last path element of a layout entry; a plan without one (an older core) uses the fallback. */
    @NonCPS
    private static String fileName(Object path, String fallback) {
        String name = path == null ? '' : String.valueOf(path).replaceAll('.*/', '')
        return name ==~ SAFE_NAME ? name : fallback
    }

    @NonCPS
    String getResultJsonPath() {
        return "${caseDir}/${resultJsonName}"
    }

    @NonCPS
    String getTarballName() {
        return "${caseName}.tar.gz"
    }

    /** Artifact patterns, relative to the workspace: the case directory and its tarball. */
    @NonCPS
    String getArtifacts() {
        return "disagg_logs/${caseName}/**, disagg_logs/${tarballName}"
    }

    @NonCPS
    String getTestResults() {
        return "disagg_logs/${caseName}/${resultsXmlName}"
    }
}
