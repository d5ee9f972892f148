package dev.hone.api.error;

import dev.hone.errors.ErrorCode;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error a caller can act on, with its {@link ErrorCode}. GraphQL reports it with
 * {@code extensions.code}; REST with the code's HTTP status and a JSON body
 * {@code {"code": ..., "message": ...}}. Never a stack trace.
 *
 * <p>It is a {@link GraphQLError} only to hand GraphQL its extensions: SmallRye GraphQL adds an
 * exception's own extensions after its default ones, so {@code extensions.code} is the code's name
 * (SmallRye's default would be the class name in kebab case).
 */
public class ApiError extends RuntimeException implements GraphQLError {

    private final ErrorCode code;

    public ApiError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code").answeredAs();
    }

    /** The code clients see, e.g. NOT_FOUND. */
    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    @Override
    public Map<String, Object> getExtensions() {
        return Map.of("code", code.name());
    }

    @Override
    public List<SourceLocation> getLocations() {
        return null;
    }

    @Override
    public ErrorClassification getErrorType() {
        return ErrorType.DataFetchingException;
    }
}
