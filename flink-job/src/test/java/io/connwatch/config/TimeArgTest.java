package io.connwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimeArgTest {
    @Test
    void epochSecondsMillisAndIso() throws Exception {
        assertEquals(1565647204000L, TimeArg.parse("1565647204"));
        assertEquals(1565647204351L, TimeArg.parse("1565647204351"));
        assertEquals(1565690400000L, TimeArg.parse("2019-08-13T10:00:00Z"));
        assertEquals(1565690400000L, TimeArg.parse("2019-08-13T12:00:00+02:00"));
        assertEquals(1565690400123L, TimeArg.parse("2019-08-13T10:00:00.123Z"));
        assertEquals(1565690400000L, TimeArg.parse("2019-08-13T10:00:00"));
        assertEquals(1565654400000L, TimeArg.parse("2019-08-13"));
    }

    @Test
    void rejectsOther() {
        assertThrows(IllegalArgumentException.class, () -> TimeArg.parse("13/08/2019"));
        assertThrows(IllegalArgumentException.class, () -> TimeArg.parse("-5"));
        assertThrows(IllegalArgumentException.class, () -> TimeArg.parse("99999999999999999999"));
    }
}
