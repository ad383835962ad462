package descent.engine.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTests {

    private static final List<String> OPTIMIZERS = List.of("adam", "adams-pece", "heavy-ball", "rk4", "sgd");

    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndAdjacentSwaps() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "adam")).isEqualTo(4);
        assertThat(Suggestions.distance("adam", "adam")).isZero();
        assertThat(Suggestions.distance("adms", "adam")).isEqualTo(2);
        assertThat(Suggestions.distance("loin", "lion")).isEqualTo(1);
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("abc", "ca")).isEqualTo(3); // optimal string alignment: no edit inside a swap
    }

    @Test
    void prefixDistanceIsTheDistanceToTheClosestBeginning() {
        assertThat(Suggestions.prefixDistance("adms", "adams-pece")).isEqualTo(1);
        assertThat(Suggestions.prefixDistance("heavy", "heavy-ball")).isZero();
        assertThat(Suggestions.prefixDistance("adms", "adam")).isEqualTo(2);
    }

    @Test
    void suggestsTheIdWhoseBeginningWasMisspelt() {
        assertThat(Suggestions.closest("adms", OPTIMIZERS)).contains("adams-pece");
        assertThat(Suggestions.closest("hevy-ball", OPTIMIZERS)).contains("heavy-ball");
    }

    @Test
    void prefersTheShorterIdWhenTwoBeginTheSameWay() {
        assertThat(Suggestions.closest("adan", OPTIMIZERS)).contains("adam");
        assertThat(Suggestions.closest("ada", OPTIMIZERS)).contains("adam");
    }

    @Test
    void acceptsTransposedLettersInShortIds() {
        assertThat(Suggestions.closest("sdg", OPTIMIZERS)).contains("sgd");
        assertThat(Suggestions.closest("loin", List.of("lion", "lamb"))).contains("lion");
    }

    @Test
    void suggestsNothingWhenNoIdIsClose() {
        assertThat(Suggestions.closest("lbfgs", OPTIMIZERS)).isEmpty();
        assertThat(Suggestions.closest("zz", OPTIMIZERS)).isEmpty();
    }
}
