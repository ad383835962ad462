package descent.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public type may be relied on. {@code STABLE} types change only with a major version;
 * {@code EXPERIMENTAL} types (new algorithms start here) may change in any release;
 * {@code INTERNAL} types are public for technical reasons only.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Stability {

    /** The stability level of the annotated type. */
    Level value();

    /** Stability levels. */
    enum Level { STABLE, EXPERIMENTAL, INTERNAL }
}
