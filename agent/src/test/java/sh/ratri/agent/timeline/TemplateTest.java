package sh.ratri.agent.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final List<String> problems = new ArrayList<>();

    private Template parse(String text, String... parameterNames) {
        return Template.parse(text, List.of(parameterNames), parameterNames.length, problems::add);
    }

    public static final class Ticket {
        public final String channel;
        private final String id;
        private final Customer customer;
        private final boolean urgent;

        public Ticket(String id, Customer customer, String channel, boolean urgent) {
            this.id = id;
            this.customer = customer;
            this.channel = channel;
            this.urgent = urgent;
        }

        public String getId() {
            return id;
        }

        public Customer getCustomer() {
            return customer;
        }

        public boolean isUrgent() {
            return urgent;
        }

        public String getBroken() {
            throw new IllegalStateException("no");
        }
    }

    public record Customer(String name, String tier) {
    }

    static final class PackagePrivateOrder {
        public final String sku;
        private final int quantity;

        PackagePrivateOrder(String sku, int quantity) {
            this.sku = sku;
            this.quantity = quantity;
        }

        public int getQuantity() {
            return quantity;
        }
    }

    private record PrivateLine(String sku) {
    }

    public static final class Loud {
        @Override
        public String toString() {
            throw new UnsupportedOperationException("boom");
        }
    }

    @Test
    void textWithoutPlaceholdersIsConstant() {
        Template t = parse("Handle ticket", "ticketId");

        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(new Object[] {"T-1"}, 512)).isEqualTo("Handle ticket");
        assertThat(problems).isEmpty();
    }

    @Test
    void nullTextIsTheEmptyConstant() {
        Template t = Template.parse(null, List.of(), 0, problems::add);

        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(null, 512)).isEmpty();
    }

    @Test
    void parameterNameIsReplacedByTheArgument() {
        Template t = parse("Handle {ticketId} now", "ticketId", "priority");

        assertThat(t.isConstant()).isFalse();
        assertThat(t.render(new Object[] {"T-42", 3}, 512)).isEqualTo("Handle T-42 now");
    }

    @Test
    void positionalPlaceholderIsReplacedByTheArgument() {
        Template t = Template.parse("{1}/{0}", null, 2, problems::add);

        assertThat(t.render(new Object[] {"a", 7}, 512)).isEqualTo("7/a");
        assertThat(problems).isEmpty();
    }

    @Test
    void severalPlaceholdersAndLiteralsKeepTheirOrder() {
        Template t = parse("{a}-{b}:{a}!", "a", "b");

        assertThat(t.render(new Object[] {"x", "y"}, 512)).isEqualTo("x-y:x!");
    }

    @Test
    void propertyIsReadThroughAGetter() {
        Template t = parse("{ticket.id}", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", null, "mail", false)}, 512)).isEqualTo("T-9");
    }

    @Test
    void booleanPropertyIsReadThroughAnIsGetter() {
        Template t = parse("{ticket.urgent}", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", null, "mail", true)}, 512)).isEqualTo("true");
    }

    @Test
    void nestedPropertyIsReadThroughARecordAccessor() {
        Template t = parse("{ticket.customer.name} ({ticket.customer.tier})", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", new Customer("Ada", "gold"), "mail", false)}, 512))
                .isEqualTo("Ada (gold)");
    }

    @Test
    void propertyIsReadFromAPublicField() {
        Template t = parse("via {ticket.channel}", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", null, "chat", false)}, 512)).isEqualTo("via chat");
    }

    @Test
    void positionalPlaceholderCanReadAProperty() {
        Template t = Template.parse("{0.tier}", null, 1, problems::add);

        assertThat(t.render(new Object[] {new Customer("Ada", "gold")}, 512)).isEqualTo("gold");
    }

    @Test
    void nullArgumentRendersAsNull() {
        Template t = parse("id={ticketId}", "ticketId");

        assertThat(t.render(new Object[] {null}, 512)).isEqualTo("id=null");
    }

    @Test
    void nullOnThePropertyPathRendersAsNull() {
        Template t = parse("{ticket.customer.name}", "ticket");

        assertThat(t.render(new Object[] {null}, 512)).isEqualTo("null");
        assertThat(t.render(new Object[] {new Ticket("T-9", null, "mail", false)}, 512)).isEqualTo("null");
    }

    @Test
    void missingArgumentsRenderAsNull() {
        Template t = parse("{a}", "a");

        assertThat(t.render(null, 512)).isEqualTo("null");
        assertThat(t.render(new Object[0], 512)).isEqualTo("null");
    }

    @Test
    void unknownParameterNameIsOneProblemAndStaysLiteral() {
        Template t = parse("Handle {ticketID}", "ticketId");

        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(new Object[] {"T-1"}, 512)).isEqualTo("Handle {ticketID}");
        assertThat(problems).singleElement().asString().contains("ticketID").contains("ticketId");
    }

    @Test
    void positionBeyondTheParametersIsOneProblemAndStaysLiteral() {
        Template t = parse("{2}", "a", "b");

        assertThat(t.render(new Object[] {"x", "y"}, 512)).isEqualTo("{2}");
        assertThat(problems).singleElement().asString().contains("{2}").contains("2 parameter(s)");
    }

    @Test
    void namesWithoutParameterNamesAreOneProblemSuggestingPositions() {
        Template t = Template.parse("{ticketId}", null, 1, problems::add);

        assertThat(t.render(new Object[] {"T-1"}, 512)).isEqualTo("{ticketId}");
        assertThat(problems).singleElement().asString().contains("-parameters").contains("{0}");
    }

    @Test
    void unresolvablePlaceholderStaysLiteralBesideResolvedOnes() {
        Template t = parse("{a} and {nope}", "a");

        assertThat(t.render(new Object[] {"x"}, 512)).isEqualTo("x and {nope}");
        assertThat(problems).hasSize(1);
    }

    @Test
    void unclosedBraceIsLiteral() {
        Template t = parse("{a} {b", "a", "b");

        assertThat(t.render(new Object[] {"x", "y"}, 512)).isEqualTo("x {b");
        assertThat(problems).isEmpty();
    }

    @Test
    void unknownPropertyRendersAMarkerInsteadOfThrowing() {
        Template t = parse("{ticket.nope}", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", null, "mail", false)}, 512)).isEqualTo("{nope?}");
    }

    @Test
    void getterThatThrowsIsContained() {
        Template t = parse("{ticket.broken}", "ticket");

        assertThat(t.render(new Object[] {new Ticket("T-9", null, "mail", false)}, 512))
                .isEqualTo("{broken: IllegalStateException}");
    }

    @Test
    void toStringThatThrowsIsContained() {
        Template t = parse("value {v}", "v");

        assertThat(t.render(new Object[] {new Loud()}, 512))
                .startsWith("value <toString() of ")
                .contains(Loud.class.getName())
                .contains("UnsupportedOperationException");
    }

    @Test
    void propertyAccessorsWorkForEachRuntimeClass() {
        Template t = parse("{x.name}", "x");

        assertThat(t.render(new Object[] {new Customer("Ada", "gold")}, 512)).isEqualTo("Ada");
        assertThat(t.render(new Object[] {Thread.currentThread()}, 512)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void propertiesOfNonPublicClassesAreReadLikeThoseOfPublicOnes() {
        Template t = parse("{order.sku} x{order.quantity}", "order");
        Template line = parse("{line.sku}", "line");

        assertThat(t.render(new Object[] {new PackagePrivateOrder("SKU-1", 3)}, 512)).isEqualTo("SKU-1 x3");
        assertThat(line.render(new Object[] {new PrivateLine("SKU-2")}, 512)).isEqualTo("SKU-2");
    }
}
