package dev.trent.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.core.ServiceException;
import java.security.SecureRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final SecureRandom random = new SecureRandom();

    static Passwords.Options options(
            Long length,
            String exclude,
            boolean noDigits,
            boolean noPunct,
            boolean noUpper,
            boolean noLower,
            boolean space,
            Boolean each) {
        return new Passwords.Options(length, exclude, noDigits, noPunct, noUpper, noLower, space, each);
    }

    @RepeatedTest(20)
    void defaultsAre32CharactersWithEveryType() {
        String p = Passwords.generate(options(null, null, false, false, false, false, false, null), random);
        assertThat(p).hasSize(32).matches(".*[a-z].*").matches(".*[A-Z].*").matches(".*[0-9].*");
        assertThat(p.chars().anyMatch(c -> Passwords.PUNCTUATION.indexOf(c) >= 0))
                .isTrue();
        assertThat(p).doesNotContain(" ");
    }

    @RepeatedTest(20)
    void exclusionsAndSpace() {
        String p = Passwords.generate(options(4L, "abc", true, true, true, false, true, true), random);
        assertThat(p).hasSize(4).matches("[d-z ]{4}").contains(" ");
    }

    @Test
    void refusesImpossibleRequests() {
        assertThatThrownBy(() -> Passwords.generate(options(8L, null, true, true, true, true, false, null), random))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("InvalidParameterException");
        assertThatThrownBy(() -> Passwords.generate(options(3L, null, false, false, false, false, false, true), random))
                .isInstanceOf(ServiceException.class);
        assertThat(Passwords.generate(options(3L, null, false, false, false, false, false, false), random))
                .hasSize(3);
    }
}
