package dev.hone.vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.graphql.Description;

/** Reading, spelling and describing the names of this package's enums. */
public final class Names {

    private Names() {
    }

    /**
     * The constant of that name, in any case and with surrounding blanks ignored: names written by
     * people, and names stored before they were checked on the way in.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(upper)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown " + what(type) + " '" + name + "': use " + spell(type));
    }

    /** The choices as a message lists them: "A, B or C". */
    public static String spell(Class<? extends Enum<?>> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** What the constant means, for people: the description the API shows. */
    public static String describe(Enum<?> constant) {
        try {
            Description d = constant.getDeclaringClass().getField(constant.name()).getAnnotation(Description.class);
            if (d == null) {
                throw new IllegalStateException(constant.getDeclaringClass().getSimpleName() + "." + constant.name()
                        + " has no description");
            }
            return d.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type as a message names it: {@code ParameterType} is "parameter type". */
    static String what(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
