package sh.ratri.frameworks.openai;

/** An application with none of the recognised libraries on its class path: the agent must say nothing. */
public final class NoLibrariesApp {

    private NoLibrariesApp() {
    }

    public static void main(String[] args) {
        System.out.println("done");
    }
}
