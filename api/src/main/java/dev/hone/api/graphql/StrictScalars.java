package dev.hone.api.graphql;

import dev.hone.api.error.InvalidInputError;
import dev.hone.errors.ErrorCode;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.validation.ValidationError;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Holds GraphQL arguments to their declared integer ranges, because SmallRye GraphQL does not:
 * its {@code Int} accepts any literal and keeps the low 32 bits ({@code version: 4294967297} became
 * version 1), takes fractional or string variables as integers, reads {@code ID "1.5"} or
 * {@code " 1"} as 1, and wraps {@code BigInteger} (Java {@code long}, e.g. {@code seed}) past
 * 2<sup>63</sup>. Every argument value, literal or variable, nested in input objects and lists, is
 * checked before the operation runs; a value out of range is refused with INVALID_INPUT.
 *
 * <ul>
 *   <li>{@code Int}: a whole number from -2<sup>31</sup> to 2<sup>31</sup>-1 (a JSON number, not a
 *       string); {@code 3.0} is 3, {@code 3.5} is refused.
 *   <li>{@code BigInteger}: a whole number in the signed 64-bit range, as a number or a decimal string.
 *   <li>{@code ID}: every id Hone takes is a database key, so an id is a canonical decimal: digits
 *       only, no sign, spaces or leading zeros, at most 2<sup>63</sup>-1.
 *   <li>{@code Float}: a finite number (1e400 became infinite and failed deep inside).
 *   <li>{@code String}: no NUL character (U+0000), which the database cannot hold.
 * </ul>
 *
 * Errors graphql-java raises about the document itself (validation, depth and complexity limits)
 * get the same {@code extensions.code} INVALID_INPUT, so that every refusal a caller can fix carries
 * a code.
 */
@Singleton
public class StrictScalars extends SimplePerformantInstrumentation {

    private static final Pattern ID = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern LONG = Pattern.compile("-?(0|[1-9][0-9]{0,18})");
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** Adds this check after SmallRye's own instrumentation (depth, complexity, document cache). */
    void install(@Observes GraphQL.Builder builder) {
        // The builder has no getter; building once (cheap, and what SmallRye does next anyway)
        // yields the instrumentation SmallRye configured, which must be kept.
        var configured = builder.build().getInstrumentation();
        builder.instrumentation(new ChainedInstrumentation(List.of(configured, this)));
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return fetcher; // a plain property: no arguments
        }
        return env -> {
            check(env);
            return fetcher.get(env);
        };
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.getErrors().stream().noneMatch(StrictScalars::isDocumentError)) {
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> errors = result.getErrors().stream().map(StrictScalars::withCode).toList();
        return CompletableFuture.completedFuture(result.transform(r -> r.errors(errors)));
    }

    private static boolean isDocumentError(GraphQLError e) {
        return (e.getErrorType() == ErrorType.ValidationError || e.getErrorType() == ErrorType.InvalidSyntax
                || e.getErrorType() == ErrorType.ExecutionAborted)
                && (e.getExtensions() == null || !e.getExtensions().containsKey("code"));
    }

    private static GraphQLError withCode(GraphQLError e) {
        if (!isDocumentError(e)) {
            return e;
        }
        Map<String, Object> extensions = new LinkedHashMap<>(e.getExtensions() == null ? Map.of() : e.getExtensions());
        extensions.put("code", ErrorCode.INVALID_INPUT.name());
        if (e instanceof ValidationError v) {
            return ValidationError.newValidationError().validationErrorType(v.getValidationErrorType())
                    .sourceLocations(v.getLocations()).description(v.getDescription()).queryPath(v.getQueryPath())
                    .extensions(extensions).build();
        }
        extensions.put("classification", e.getErrorType().toString());
        return GraphqlErrorBuilder.newError().message(e.getMessage()).locations(e.getLocations()).path(e.getPath())
                .errorType(e.getErrorType()).extensions(extensions).build();
    }

    private static void check(DataFetchingEnvironment env) {
        Map<String, Object> variables = env.getVariables();
        for (Argument argument : env.getField().getArguments()) {
            GraphQLArgument declared = env.getFieldDefinition().getArgument(argument.getName());
            if (declared != null) {
                check(argument.getName(), declared.getType(), argument.getValue(), variables);
            }
        }
    }

    /** Checks one value: an AST literal, a variable reference, or a variable's JSON value. */
    private static void check(String path, GraphQLType type, Object value, Map<String, Object> variables) {
        if (value instanceof VariableReference ref) {
            value = variables.get(ref.getName());
        }
        if (value == null || value instanceof NullValue) {
            return;
        }
        GraphQLType t = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        if (t instanceof GraphQLList list) {
            List<?> items = value instanceof ArrayValue array ? array.getValues()
                    : value instanceof List<?> l ? l : List.of(value);
            for (int i = 0; i < items.size(); i++) {
                check(path + "[" + i + "]", list.getWrappedType(), items.get(i), variables);
            }
        } else if (t instanceof GraphQLInputObjectType object) {
            for (var field : fields(value).entrySet()) {
                GraphQLInputObjectField declared = object.getField(field.getKey());
                if (declared != null) {
                    check(path + "." + field.getKey(), declared.getType(), field.getValue(), variables);
                }
            }
        } else if (t instanceof GraphQLScalarType scalar) {
            switch (scalar.getName()) {
                case "Int" -> integer(path, value, INT_MIN, INT_MAX, "a whole number from " + Integer.MIN_VALUE
                        + " to " + Integer.MAX_VALUE, false);
                case "BigInteger" -> integer(path, value, LONG_MIN, LONG_MAX, "a whole number from " + Long.MIN_VALUE
                        + " to " + Long.MAX_VALUE, true);
                case "ID" -> id(path, value);
                case "Float" -> finite(path, value);
                case "String" -> storable(path, value);
                default -> { }
            }
        }
    }

    /** A Float past the double range became infinite and failed deep inside ("System error"). */
    private static void finite(String path, Object value) {
        BigDecimal number = number(value, false);
        if (number == null || Double.isInfinite(number.doubleValue())) {
            throw new InvalidInputError("'" + path + "' must be a number within +-" + Double.MAX_VALUE + "; got "
                    + show(value));
        }
    }

    /** PostgreSQL cannot hold U+0000 in text, so no string argument may carry one to a query or a row. */
    private static void storable(String path, Object value) {
        String text = value instanceof StringValue s ? s.getValue() : value instanceof String s ? s : null;
        if (text != null && text.indexOf('\u0000') >= 0) {
            throw new InvalidInputError("'" + path + "' contains a NUL character (U+0000), which Hone does not take");
        }
    }

    private static Map<String, Object> fields(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof ObjectValue object) {
            for (ObjectField f : object.getObjectFields()) {
                out.put(f.getName(), f.getValue());
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static void integer(String path, Object value, BigInteger min, BigInteger max, String what,
            boolean stringsAllowed) {
        BigDecimal number = number(value, stringsAllowed);
        BigInteger whole = null;
        if (number != null) {
            try {
                whole = number.toBigIntegerExact();
            } catch (ArithmeticException fractional) {
                whole = null;
            }
        }
        if (whole == null || whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            throw new InvalidInputError("'" + path + "' must be " + what + "; got " + show(value));
        }
    }

    /** A number from a literal or a variable; null when the value is not one. */
    private static BigDecimal number(Object value, boolean stringsAllowed) {
        try {
            return switch (value) {
                case IntValue i -> new BigDecimal(i.getValue());
                case FloatValue f -> f.getValue();
                case StringValue s when stringsAllowed && LONG.matcher(s.getValue()).matches() ->
                        new BigDecimal(s.getValue());
                case String s when stringsAllowed && LONG.matcher(s).matches() -> new BigDecimal(s);
                case BigDecimal d -> d;
                case BigInteger b -> new BigDecimal(b);
                case Double d -> Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
                case Float f -> Float.isFinite(f) ? BigDecimal.valueOf(f) : null;
                case Number n -> BigDecimal.valueOf(n.longValue());
                default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void id(String path, Object value) {
        String text = switch (value) {
            case StringValue s -> s.getValue();
            case IntValue i -> i.getValue().toString();
            case String s -> s;
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case BigInteger b -> b.toString();
            default -> null;
        };
        if (text == null || !ID.matcher(text).matches() || new BigInteger(text).compareTo(LONG_MAX) > 0) {
            throw new InvalidInputError("'" + path + "' must be an id: decimal digits without sign, spaces or "
                    + "leading zeros, at most " + Long.MAX_VALUE + "; got " + show(value));
        }
    }

    private static String show(Object value) {
        Object plain = switch (value) {
            case IntValue i -> i.getValue();
            case FloatValue f -> f.getValue();
            case StringValue s -> "\"" + s.getValue() + "\"";
            case String s -> "\"" + s + "\"";
            case Value<?> v -> v.getClass().getSimpleName();
            default -> value;
        };
        String text = String.valueOf(plain);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
