package sh.ratri.agent.weave.recognize;

/** Whether a class file mentions a name: a cheap test before anything is parsed. */
final class ByteSearch {

    private ByteSearch() {
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
