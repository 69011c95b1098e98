package dev.disagg.config;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Tries and seed of the fuzz properties. The default run is small and seeded, so the suite stays
 * fast and repeatable; a long run raises the tries and picks its own seed:
 * {@code mvn -o -pl core test -Dtest='CaseConfigFuzz*' -Ddisagg.fuzz.tries=20000 -Ddisagg.fuzz.seed=7}.
 */
public final class FuzzBudget implements AroundPropertyHook {
    static final String TRIES = "disagg.fuzz.tries";
    static final String SEED = "disagg.fuzz.seed";
    static final int DEFAULT_TRIES = 150;
    static final String DEFAULT_SEED = "20250601";

    /** Put on a test class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger(TRIES, DEFAULT_TRIES));
        context.attributes().setSeed(System.getProperty(SEED, DEFAULT_SEED));
        return property.execute();
    }
}
