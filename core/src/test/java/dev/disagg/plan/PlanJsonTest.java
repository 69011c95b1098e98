package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.CaseTexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming writer gives exactly what Jackson's data binding gives for the same plan. */
class PlanJsonTest {
    @TempDir
    Path dir;

    /** The oracle: data binding with the conventions the contract states (paths, Optionals, enums). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static ObjectMapper dataBinding() {
        SimpleModule module = new SimpleModule();
        module.addSerializer(Path.class, new JsonSerializer<>() {
            @Override
            public void serialize(Path value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addSerializer(Optional.class, new JsonSerializer<Optional>() {
            @Override
            public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                provider.defaultSerializeValue(value.orElse(null), gen);
            }
        });
        module.addSerializer(Plan.CtxCountSource.class, new JsonSerializer<>() {
            @Override
            public void serialize(Plan.CtxCountSource value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        });
        return new ObjectMapper().registerModule(module).enable(SerializationFeature.INDENT_OUTPUT);
    }

    private List<Plan> plans() throws IOException {
        List<Plan> plans = new ArrayList<>();
        try (Stream<Path> files = Files.list(CaseTexts.fixtures())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                CaseConfig config = new CaseConfigLoader().load(file).config().orElseThrow();
                plans.add(Planner.plan(config, PlanOptions.defaults(dir)));
            }
        }
        String legacy = CaseTexts.minimalWith("  model_name: tiny", "  model_name: tiny\n  use_legacy_ctx_calculation: true");
        legacy = CaseTexts.replaceLine(legacy, "  worker_env_var: \"A=1\"",
                "  worker_env_var:\n    QUOTE: 'say \"hi\"\\n'\n  trtllm_wheel_path: /w/x.whl");
        plans.add(Planner.plan(CaseTexts.load(dir, "legacy.yaml", legacy), new PlanOptions(dir, ClusterProfiles.LOCAL,
                Optional.of("legacy-case"), true, "java -jar 'my dir/disagg.jar'", Optional.of(30))));
        return plans;
    }

    @Test
    void theJsonIsExactlyWhatDataBindingWrites() throws Exception {
        ObjectMapper oracle = dataBinding();
        List<Plan> plans = plans();
        assertThat(plans).hasSize(8);
        for (Plan plan : plans) {
            // plus upstream's total_gpus, which the writer adds after the record's components
            com.fasterxml.jackson.databind.node.ObjectNode expected = oracle.valueToTree(plan);
            expected.put("upstreamTotalGpus", (long) plan.totalNodes() * plan.gpusPerNode());
            assertThat(PlanJson.write(plan)).as(plan.caseName()).isEqualTo(oracle.writeValueAsString(expected));
        }
        Plan legacy = plans.get(plans.size() - 1);
        assertThat(PlanJson.write(legacy)).contains("\"ctxCountSource\" : \"legacy\"", "\"installCommand\" : \"pip install");
    }

    @Test
    void readGivesBackWhatWriteWrote() throws Exception {
        for (Plan plan : plans()) {
            Path file = Files.writeString(dir.resolve("plan.json"), PlanJson.write(plan) + "\n");

            PlanJson.Written read = PlanJson.read(file);

            assertThat(read).as(plan.caseName()).isEqualTo(new PlanJson.Written(Optional.of(plan.caseName()), plan.concurrency(),
                    plan.mode(), Optional.of(plan.layout().testOutputDir().toString())));
        }
    }

    @Test
    void aFileThatIsNoPlanIsNamed() throws IOException {
        Path notJson = Files.writeString(dir.resolve("plan.json"), "{\"caseName\": ");
        assertThatThrownBy(() -> PlanJson.read(notJson)).isInstanceOf(PlanJson.NotAPlanException.class)
                .hasMessage(notJson + ": not valid JSON; expected the plan written by disagg");
        Path words = Files.writeString(dir.resolve("words.json"), "{\"concurrency\": \"1 two\"}");
        assertThatThrownBy(() -> PlanJson.read(words)).isInstanceOf(PlanJson.NotAPlanException.class)
                .hasMessage(words + ": concurrency must be a list of whole numbers, got '1 two'");
        Path odd = Files.writeString(dir.resolve("odd.json"), "{\"concurrency\": \"1 2\", \"layout\": {\"testOutputDir\": 5}}");
        assertThat(PlanJson.read(odd)).isEqualTo(new PlanJson.Written(Optional.empty(), List.of(1, 2), "e2e", Optional.of("")));
    }
}
