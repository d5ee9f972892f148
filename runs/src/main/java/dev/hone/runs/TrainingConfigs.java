package dev.hone.runs;

import dev.hone.ml.model.MlpConfig;
import dev.hone.workflows.pipeline.TrainingSettings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training settings as a run (or a study's trial) gives them, turned into the trainer's
 * {@link MlpConfig} and back: the one mapping that both the check before a run starts and the
 * training itself use, so a run that passes the check trains with exactly what was checked. A
 * setting maps to the config's component of the same name, so a new setting needs no code here.
 */
public final class TrainingConfigs {

    /** The training settings, in the order of {@link TrainingSettings}. */
    static final List<RecordComponent> SETTINGS = List.of(TrainingSettings.class.getRecordComponents());

    private TrainingConfigs() {
    }

    /**
     * The trainer's defaults, overridden by whatever the settings set. The result is not yet
     * checked: call {@link MlpConfig#validate()} on it.
     */
    public static MlpConfig config(TrainingSettings s, long seed) {
        MlpConfig d = MlpConfig.defaults(seed);
        if (s == null) {
            return d;
        }
        Map<String, Object> given = new HashMap<>();
        for (RecordComponent c : SETTINGS) {
            Object value = read(c, s);
            if (value != null) {
                given.put(c.getName(), value);
            }
        }
        return copy(d, given);
    }

    /** The settings a config stands for, every one of them set. */
    public static TrainingSettings settings(MlpConfig config) {
        Map<String, Object> values = new HashMap<>();
        for (RecordComponent c : SETTINGS) {
            values.put(c.getName(), read(component(MlpConfig.class, c.getName()), config));
        }
        return copy(TrainingSettings.defaults(), values);
    }

    /** The trainer's default of a setting. */
    static Object defaultOf(String setting) {
        return read(component(MlpConfig.class, setting), MlpConfig.defaults(RunOptions.DEFAULT_SEED));
    }

    /** A copy of the record with the components named in {@code values} replaced. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R copy(R record, Map<String, Object> values) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            args[i] = values.containsKey(name) ? values.get(name) : read(components[i], record);
        }
        try {
            return (R) record.getClass().getDeclaredConstructor(Arrays.stream(components)
                    .map(RecordComponent::getType).toArray(Class<?>[]::new)).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static RecordComponent component(Class<? extends Record> type, String name) {
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " has no component '" + name
                        + "' for the training setting of that name"));
    }
}
