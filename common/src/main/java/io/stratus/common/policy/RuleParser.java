package io.stratus.common.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses oslo.policy rule text into a {@link PolicyCheck} tree. {@code not} binds tightest, then {@code and}, then
 * {@code or}, as oslo.policy's parser does; keywords are case-insensitive. Unlike oslo.policy, which logs a rule it
 * cannot parse and denies it, every mistake is reported.
 */
final class RuleParser {

    static final int MAX_NESTING = 64;

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    /** What a token is: a parenthesis, a keyword, or a check such as {@code role:admin}. */
    private enum TokenType { OPEN, CLOSE, AND, OR, NOT, CHECK }

    /** One token of rule text, with its 1-based column for error messages. */
    private record Token(TokenType type, String text, int column) {
    }

    private final List<Token> tokens;
    private final Function<String, PolicyCheck> references;
    private int position;
    private int nesting;

    private RuleParser(List<Token> tokens, Function<String, PolicyCheck> references) {
        this.tokens = tokens;
        this.references = references;
    }

    /**
     * @param text       the rule; the empty rule always allows, as in oslo.policy
     * @param references compiles the rule a {@code rule:name} check names
     * @throws RuleSyntaxException when the text is not in the policy language
     */
    static PolicyCheck parse(String text, Function<String, PolicyCheck> references) {
        if (text.isEmpty()) {
            return PolicyCheck.ALWAYS;
        }
        if (text.isBlank()) {
            throw new RuleSyntaxException("the rule is blank; write \"\" to allow everyone or \"!\" to allow no one");
        }
        RuleParser parser = new RuleParser(tokenize(text), references);
        PolicyCheck rule = parser.disjunction();
        if (parser.position < parser.tokens.size()) {
            Token extra = parser.tokens.get(parser.position);
            throw error(extra.type == TokenType.CLOSE ? "unmatched ')'"
                    : "expected 'and' or 'or' before '" + extra.text + "'", extra);
        }
        return rule;
    }

    private PolicyCheck disjunction() {
        List<PolicyCheck> alternatives = new ArrayList<>();
        alternatives.add(conjunction());
        while (nextIs(TokenType.OR)) {
            position++;
            alternatives.add(conjunction());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new PolicyCheck.AnyOf(alternatives);
    }

    private PolicyCheck conjunction() {
        List<PolicyCheck> requirements = new ArrayList<>();
        requirements.add(negation());
        while (nextIs(TokenType.AND)) {
            position++;
            requirements.add(negation());
        }
        return requirements.size() == 1 ? requirements.get(0) : new PolicyCheck.AllOf(requirements);
    }

    private PolicyCheck negation() {
        if (!nextIs(TokenType.NOT)) {
            return primary();
        }
        Token not = tokens.get(position++);
        enterNesting(not);
        PolicyCheck negated = negation();
        nesting--;
        return new PolicyCheck.Not(negated);
    }

    private PolicyCheck primary() {
        if (position >= tokens.size()) {
            Token last = tokens.get(tokens.size() - 1);
            throw error("the rule ends after '" + last.text + "' where a check is expected", last);
        }
        Token token = tokens.get(position++);
        switch (token.type) {
            case OPEN -> {
                enterNesting(token);
                PolicyCheck inner = disjunction();
                if (!nextIs(TokenType.CLOSE)) {
                    throw error("missing ')' for this '('", token);
                }
                position++;
                nesting--;
                return inner;
            }
            case CHECK -> {
                return check(token);
            }
            default -> throw error("unexpected '" + token.text + "' where a check is expected", token);
        }
    }

    private void enterNesting(Token token) {
        if (++nesting > MAX_NESTING) {
            throw error("the rule nests 'not' and parentheses deeper than " + MAX_NESTING + " levels", token);
        }
    }

    private PolicyCheck check(Token token) {
        String text = token.text;
        if (text.equals("@")) {
            return PolicyCheck.ALWAYS;
        }
        if (text.equals("!")) {
            return PolicyCheck.NEVER;
        }
        int colon = colonOutsideQuotes(text);
        if (colon < 0) {
            throw error("'" + text + "' is not a check (expected kind:value, @ or !)", token);
        }
        String kind = text.substring(0, colon);
        String value = text.substring(colon + 1);
        try {
            return switch (kind) {
                case "" -> throw new RuleSyntaxException("nothing before ':'");
                case "role" -> new PolicyCheck.RoleCheck(ValueTemplate.parse(value));
                case "rule" -> {
                    if (value.isEmpty()) {
                        throw new RuleSyntaxException("rule: needs the name of a rule");
                    }
                    yield references.apply(value);
                }
                case "http", "https" -> throw new RuleSyntaxException("remote http(s) checks are not supported");
                default -> genericCheck(kind, ValueTemplate.parse(value));
            };
        } catch (RuleSyntaxException e) {
            throw error(e.getMessage() + " in '" + text + "'", token);
        }
    }

    /** oslo.policy's generic check: a literal on the left (as Python's literal_eval reads it) or a credential. */
    private static PolicyCheck genericCheck(String kind, ValueTemplate value) {
        String quoted = Quoting.unquote(kind);
        if (quoted != null) {
            return new PolicyCheck.LiteralCheck(kind, quoted, false, value);
        }
        if (kind.equals("True") || kind.equals("False")) {
            return new PolicyCheck.LiteralCheck(kind, kind, true, value);
        }
        if (INTEGER.matcher(kind).matches()) {
            return new PolicyCheck.LiteralCheck(kind, new BigInteger(kind).toString(), false, value);
        }
        if (ATTRIBUTE.matcher(kind).matches()) {
            return new PolicyCheck.CredentialCheck(AttributePath.of(kind), value);
        }
        throw new RuleSyntaxException("'" + kind + "' is neither a credential attribute nor a literal");
    }

    private static int colonOutsideQuotes(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (Quoting.isQuote(c)) {
                quote = c;
            } else if (c == ':') {
                return i;
            }
        }
        return -1;
    }

    private boolean nextIs(TokenType type) {
        return position < tokens.size() && tokens.get(position).type == type;
    }

    /**
     * Splits on whitespace and parentheses, except inside quotes and inside {@code %(name)s} placeholders, so
     * {@code (project_id:%(project_id)s)} yields '(', the check, ')'.
     */
    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(c == '(' ? TokenType.OPEN : TokenType.CLOSE, String.valueOf(c), i + 1));
                i++;
            } else {
                int start = i;
                i = endOfWord(text, i);
                String word = text.substring(start, i);
                tokens.add(new Token(typeOf(word), word, start + 1));
            }
        }
        return tokens;
    }

    private static int endOfWord(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                return i;
            }
            if (Quoting.isQuote(c)) {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    throw new RuleSyntaxException("unterminated quote at column " + (i + 1));
                }
                i = close + 1;
            } else if (c == '%' && text.startsWith("%(", i)) {
                int close = text.indexOf(')', i + 2);
                if (close < 0) {
                    throw new RuleSyntaxException("unterminated placeholder '%(' at column " + (i + 1));
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    private static TokenType typeOf(String word) {
        if (word.equalsIgnoreCase("and")) {
            return TokenType.AND;
        }
        if (word.equalsIgnoreCase("or")) {
            return TokenType.OR;
        }
        if (word.equalsIgnoreCase("not")) {
            return TokenType.NOT;
        }
        return TokenType.CHECK;
    }

    private static RuleSyntaxException error(String problem, Token token) {
        return new RuleSyntaxException(problem + " (column " + token.column + ")");
    }
}
