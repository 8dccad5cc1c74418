package sh.ratri.agent.weave;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import sh.ratri.agent.timeline.CallSite;
import sh.ratri.agent.timeline.CallSites;
import sh.ratri.agent.weave.ClassFileTypes.ClassFileType;
import sh.ratri.agent.weave.reactor.ReactorPublishers;
import sh.ratri.agent.weave.recognize.Recognition;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Load-time weaving with ASM alone: the class and its supertypes are read from class files
 * ({@link ClassFileTypes}), the call sites by the same {@link CallSiteReader} as when attaching, and
 * the advice is written by {@link WovenMethod}. The common case so loads none of Byte Buddy's type
 * system or {@code Advice} machinery. Classes this does not decide go to Byte Buddy, as before: JDK
 * dynamic proxies, class files older than Java 7 (they may have no stack map frames), and classes a
 * recognizer (a framework, a {@code weave} rule) may touch, whose recognizers read Byte Buddy's descriptions.
 */
final class ClassFileWeaving {

    /** Returned for a class that Byte Buddy must weave. */
    static final byte[] UNDECIDED = new byte[0];

    private final CallSites callSites;
    private final Consumer<String> problems;
    private final Recognition recognition;
    private final boolean recordToolArguments;

    ClassFileWeaving(CallSites callSites, Consumer<String> problems, Recognition recognition,
                     boolean recordToolArguments) {
        this.callSites = callSites;
        this.problems = problems;
        this.recognition = recognition;
        this.recordToolArguments = recordToolArguments;
    }

    /**
     * The woven class file; null when the class declares no call site; {@link #UNDECIDED} when Byte
     * Buddy must weave it. Throws when the class cannot be woven: it is then left as it was.
     */
    byte[] weave(ClassLoader loader, String internalName, byte[] classFile) {
        ClassFileTypes types = new ClassFileTypes(loader, recognition);
        ClassFileType type = types.woven(internalName, classFile);
        if (type.isJdkProxy() || (type.version & 0xFFFF) < Opcodes.V1_7) {
            // proxies need frames computed anew; class files before Java 7 may have none, without
            // which WovenMethod cannot know the operand stack after a jump
            return UNDECIDED;
        }
        if ((type.access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_ANNOTATION)) != 0
                || SkippedPackages.isNeverWoven(internalName)
                || ProxyClasses.isForwardingProxy(internalName, Arrays.asList(type.interfaceNames))) {
            return null;
        }
        for (TypeDeclaration t : CallSiteReader.hierarchy(type)) {
            if (t.recognised()) {
                return UNDECIDED;
            }
        }
        if (!CallSiteReader.mayDeclareCallSites(type)) {
            return null;
        }
        Map<String, Plan> plans = plans(type, loader);
        return plans.isEmpty() ? null : write(classFile, type, plans);
    }

    /** What each woven method gets, by name and descriptor; the call sites are registered here. */
    private Map<String, Plan> plans(ClassFileType type, ClassLoader loader) {
        CallSiteReader reader = new CallSiteReader(problems, callSites, recognition, recordToolArguments);
        Map<String, Plan> plans = new HashMap<>();
        for (MethodDeclaration method : type.methods()) {
            if (!CallSiteReader.weavable(method)) {
                continue;
            }
            CallSite site = reader.read(type, method, false);
            if (site == null || site.isEmpty()) {
                continue;
            }
            int id = callSites.register(site, loader);
            WovenMethod.Entry entry = site.suspending() ? WovenMethod.Entry.SUSPENDING
                    : site.needsArguments() ? WovenMethod.Entry.WITH_ARGUMENTS : WovenMethod.Entry.WITHOUT_ARGUMENTS;
            WovenMethod.Ending ending = site.suspending() ? WovenMethod.Ending.SUSPENDING
                    : ReactorPublishers.declaredBy(method.returnType()) ? WovenMethod.Ending.PUBLISHER
                    : WovenMethod.Ending.PLAIN;
            plans.put(method.name() + method.descriptor(), new Plan(id, entry, ending));
        }
        return plans;
    }

    private static byte[] write(byte[] classFile, ClassFileType type, Map<String, Plan> plans) {
        ClassReader reader = OpenedClassReader.of(classFile);
        Map<String, Integer> maxLocals = maxLocals(reader, plans);
        // untouched methods are copied as they are: the writer shares the reader's constant pool
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                Plan plan = plans.get(name + descriptor);
                return plan == null ? method : new WovenMethod(method, type.internalName, access, descriptor,
                        maxLocals.get(name + descriptor), plan.callSite, plan.entry, plan.ending);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** The locals each planned method uses, after which the advice's go. */
    private static Map<String, Integer> maxLocals(ClassReader reader, Map<String, Plan> plans) {
        Map<String, Integer> maxLocals = new HashMap<>();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String method = name + descriptor;
                return !plans.containsKey(method) ? null : new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        maxLocals.put(method, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return maxLocals;
    }

    private record Plan(int callSite, WovenMethod.Entry entry, WovenMethod.Ending ending) {
    }
}
