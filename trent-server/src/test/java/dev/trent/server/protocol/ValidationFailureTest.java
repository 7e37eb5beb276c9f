package dev.trent.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationFailureTest {

    @Test
    void oneViolation() {
        assertThat(ValidationFailure.message(List.of("A"))).isEqualTo("1 validation error detected: A");
    }

    @Test
    void severalViolationsAreCountedAndJoinedWithSemicolons() {
        assertThat(ValidationFailure.message(List.of("A", "B", "C")))
                .isEqualTo("3 validation errors detected: A; B; C");
    }

    @Test
    void noViolationIsAProgrammingError() {
        assertThatThrownBy(() -> ValidationFailure.message(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionIsA400ValidationException() {
        ProtocolException e = ValidationFailure.exception(List.of("A", "B"));
        assertThat(e.errorCode()).isEqualTo("ValidationException");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("2 validation errors detected: A; B");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e).hasToString("ValidationException: 2 validation errors detected: A; B");
    }

    @Test
    void protocolExceptionFactories() {
        assertThat(ProtocolException.serialization(null)).hasToString("SerializationException");
        assertThat(ProtocolException.unknownOperation().errorCode()).isEqualTo("UnknownOperationException");
        assertThat(new ProtocolException("ThrottlingException", 400, "Rate exceeded").httpStatus())
                .isEqualTo(400);
        assertThatThrownBy(() -> new ProtocolException("", 400, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
