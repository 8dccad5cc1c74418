package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import sh.ratri.agent.weave.BundledAnnotations;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Makes Ratri annotations that no class file holds, as a recognizer or a rule gives them. Their
 * types are described from the agent jar's own copy, so they are the same whatever annotations
 * jar (if any) the application has, and the call-site reader reads them as written ones.
 */
public final class RatriAnnotations {

    private static final String PACKAGE = "sh.ratri.annotations.";
    private static final TypePool TYPES = TypePool.Default.of(new ClassFileLocator.Compound(
            BundledAnnotations.LOCATOR, ClassFileLocator.ForClassLoader.ofBootLoader()));

    private final TypeDescription type;
    private AnnotationDescription.Builder builder;

    private RatriAnnotations(TypeDescription type) {
        this.type = type;
        this.builder = AnnotationDescription.Builder.ofType(type);
    }

    /** A new annotation of the type named {@code annotationName} ({@code sh.ratri.annotations.Tool}). */
    public static RatriAnnotations of(String annotationName) {
        return new RatriAnnotations(TYPES.describe(annotationName).resolve());
    }

    /** The type's members and their types' names ({@code String}, {@code String[]}, {@code int}, …), in order. */
    public Map<String, String> members() {
        Map<String, String> out = new LinkedHashMap<>();
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            out.put(m.getName(), m.getReturnType().asErasure().getSimpleName());
        }
        return out;
    }

    public RatriAnnotations string(String member, String value) {
        builder = builder.define(member, value);
        return this;
    }

    public RatriAnnotations strings(String member, String... values) {
        builder = builder.defineArray(member, values);
        return this;
    }

    public RatriAnnotations integer(String member, int value) {
        builder = builder.define(member, value);
        return this;
    }

    /** {@code level}: {@code low}, {@code medium}, {@code high} or {@code critical}, in any case. */
    public RatriAnnotations riskLevel(String level) {
        TypeDescription riskLevel = TYPES.describe(PACKAGE + "RiskLevel").resolve();
        builder = builder.define("riskLevel",
                new EnumerationDescription.Latent(riskLevel, level.toUpperCase(Locale.ROOT)));
        return this;
    }

    /** {@code @Tool(action = @Action(type, name))}; an empty name is the tool's name. */
    public RatriAnnotations action(String actionType, String name) {
        builder = builder.define("action", of(PACKAGE + "Action").string("type", actionType)
                .string("name", name).build());
        return this;
    }

    /** {@code @Tool(resource = @Resource(type, externalId))}. */
    public RatriAnnotations resource(String resourceType, String externalId) {
        builder = builder.define("resource", of(PACKAGE + "Resource").string("type", resourceType)
                .string("externalId", externalId).build());
        return this;
    }

    public AnnotationDescription build() {
        return builder.build();
    }
}
