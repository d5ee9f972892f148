package dev.hone.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

    static final List<Class<? extends Enum<?>>> ALL = List.of(Task.class, Device.class, Activation.class,
            Optimizer.class, Sampler.class, Pruner.class, Direction.class, ParameterType.class);

    @Test
    void everyNameIsDescribed() {
        for (Class<? extends Enum<?>> type : ALL) {
            for (Enum<?> constant : type.getEnumConstants()) {
                assertThat(Names.describe(constant)).as(type.getSimpleName() + "." + constant).isNotBlank();
            }
        }
    }

    @Test
    void namesAreReadInAnyCase() {
        assertThat(Device.of("gpu")).isEqualTo(Device.GPU);
        assertThat(Sampler.of(" multivariate_tpe ")).isEqualTo(Sampler.MULTIVARIATE_TPE);
        assertThat(Names.parse(Activation.class, "Relu")).isEqualTo(Activation.RELU);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Optimizer.of("LION")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown optimizer 'LION': use ADAM, SGD, RMSPROP or ADAGRAD");
        assertThatThrownBy(() -> ParameterType.of(null))
                .hasMessage("Unknown parameter type 'null': use FLOAT, INT or CATEGORICAL");
    }

    /** Stored rows and workflow histories written before the names were checked hold them in any case. */
    record Stored(Task task, Pruner pruner) {
    }

    @Test
    void jacksonReadsStoredNamesInAnyCaseAndWritesThemInUpperCase() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Stored s = json.readValue("{\"task\":\"classification\",\"pruner\":\"Asha\"}", Stored.class);
        assertThat(s).isEqualTo(new Stored(Task.CLASSIFICATION, Pruner.ASHA));
        assertThat(json.writeValueAsString(s)).isEqualTo("{\"task\":\"CLASSIFICATION\",\"pruner\":\"ASHA\"}");
    }

    @Test
    void directionsCompareAndTurnValuesIntoLosses() {
        assertThat(Direction.MINIMIZE.isBetter(1, 2)).isTrue();
        assertThat(Direction.MAXIMIZE.isBetter(1, 2)).isFalse();
        assertThat(Direction.MAXIMIZE.asLoss(0.9)).isEqualTo(-0.9);
    }
}
