package sh.ratri.woven;

import sh.ratri.annotations.Tool;

/** Methods of the shapes whose woven code differs: each return type, static, try/catch, loops, parameter stores. */
public class WovenShapes {

    public int calls;

    @Tool(name = "count")
    public int count(int n) {
        return n + 1;
    }

    @Tool(name = "sum")
    public long sum(long a, double b) {
        return a + (long) b;
    }

    @Tool(name = "half")
    public double half(double x) {
        return x / 2;
    }

    @Tool(name = "negate")
    public boolean negate(boolean b) {
        return !b;
    }

    @Tool(name = "nothing")
    public void nothing() {
        calls++;
    }

    @Tool(name = "caught")
    public String caught(String s) {
        try {
            return "number:" + Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return "text:" + s;
        }
    }

    @Tool(name = "twice")
    public static String twice(String s) {
        return s + s;
    }

    @Tool(name = "fails")
    public String fails(String s) {
        throw new IllegalStateException(s);
    }

    @Tool(name = "reassigns")
    public int reassigns(int n, String s) {
        n = n * 2;
        s = s + "!";
        return n + s.length();
    }

    @Tool(name = "five")
    public String five(String a, int b, Object c, double d, long e) {
        return a + b + c + d + e;
    }

    @Tool(name = "six")
    public String six(int a, String b, long c, boolean d, char e, Object f) {
        return a + b + c + d + e + f;
    }

    @Tool(name = "loops")
    public long loops(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                continue;
            }
            total += i;
        }
        return total;
    }
}
