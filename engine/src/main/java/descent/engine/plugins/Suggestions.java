package descent.engine.plugins;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Picks the known id a mistyped one most likely meant; used for every "unknown name" message. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * {@code " (did you mean 'x'?)"} for the known id closest to {@code typed}, or the empty string
     * when none is close. Closeness is the edit
     * distance from {@code typed} to the best-matching prefix of a candidate, so a shortened or
     * misspelt beginning counts ("adms" is one edit from "adams", the start of "adams-pece");
     * ties go to the smaller full edit distance, then to the alphabetically first id. A candidate
     * is close if that prefix distance is at most a third of the typed length (at least 1).
     */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /**
     * The known id closest to {@code typed}, or empty if none is close; see {@link #didYouMean}.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(java.util.Locale.ROOT);
        int limit = Math.max(1, t.length() / 3);
        return known.stream()
                .filter(k -> prefixDistance(t, k) <= limit)
                .min(Comparator.<String>comparingInt(k -> prefixDistance(t, k))
                        .thenComparingInt(k -> distance(t, k))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /**
     * Edit distance with insertions, deletions, substitutions and swaps of two adjacent letters,
     * each costing 1 (optimal string alignment), so "loin" is one edit from "lion".
     */
    static int distance(String a, String b) {
        return row(a, b)[b.length()];
    }

    /** The smallest {@link #distance} from {@code a} to any prefix of {@code b} (including b). */
    static int prefixDistance(String a, String b) {
        int[] last = row(a, b);
        int best = Integer.MAX_VALUE;
        for (int d : last) {
            best = Math.min(best, d);
        }
        return best;
    }

    /** The last row of the dynamic-programming table: entry j is the distance from a to b[0, j). */
    private static int[] row(String a, String b) {
        int[] beforePrev = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], beforePrev[j - 2] + 1);
                }
            }
            int[] recycled = beforePrev;
            beforePrev = prev;
            prev = cur;
            cur = recycled;
        }
        return prev;
    }
}
