package descent.engine.schedule;

import descent.api.Stability;

/**
 * One kind of learning-rate schedule as {@code descent list} shows it.
 *
 * @param id the name before the colon in {@code --schedule}, e.g. {@code cosine}
 * @param syntax the fields it takes with their defaults, e.g. {@code cosine[:min=0,per=epoch]}
 * @param summary one sentence with the formula
 * @param example a spec that parses, e.g. {@code cosine:min=0.0001}
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ScheduleKind(String id, String syntax, String summary, String example) {
}
