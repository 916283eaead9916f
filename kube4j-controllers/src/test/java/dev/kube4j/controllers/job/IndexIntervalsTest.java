package dev.kube4j.controllers.job;

import org.junit.jupiter.api.Test;

import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class IndexIntervalsTest {

    @Test
    void runsOfThreeOrMoreAreRangesAndPairsStayApartAsUpstreamWritesThem() {
        assertThat(IndexIntervals.format(IndexIntervals.parse("0-2,4,6-7", 10))).isEqualTo("0-2,4,6,7");
        assertThat(IndexIntervals.format(new TreeSet<>(java.util.List.of(3, 1, 2)))).isEqualTo("1-3");
        assertThat(IndexIntervals.format(new TreeSet<>(java.util.List.of(5, 1)))).isEqualTo("1,5");
        assertThat(IndexIntervals.format(new TreeSet<>())).isEmpty();
    }

    @Test
    void parsingKeepsIndexesBelowCompletionsAndSkipsWhatItCannotRead() {
        assertThat(IndexIntervals.parse("1,3-5,x,8-9", 9)).containsExactly(1, 3, 4, 5, 8);
        assertThat(IndexIntervals.parse("0-2147483646", 3)).containsExactly(0, 1, 2); // a huge range costs nothing
        assertThat(IndexIntervals.parse(null, 5)).isEmpty();
        assertThat(IndexIntervals.parse(" ", 5)).isEmpty();
    }
}
