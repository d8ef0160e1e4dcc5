package io.mcpauthz.pdp.analysis;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Collects what a parsed statement does: the kind of every statement in it (subqueries and CTEs
 * included), every function called anywhere, and the tables read or written. It walks every field
 * of every syntax-tree object rather than using JSqlParser's visitors, so that no clause a visitor
 * forgets (ORDER BY, window, lateral, …) can hide a call.
 */
final class SqlTreeWalker {

  /** Bounds the walk of a hostile statement; a tree this large is refused. */
  static final int MAX_NODES = 50_000;

  private static final String AST_PACKAGE = "net.sf.jsqlparser.";
  private static final String PARSER_PACKAGE = "net.sf.jsqlparser.parser.";
  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      return fieldsOf(type);
    }
  };

  final Set<String> statements = new TreeSet<>();
  final Set<String> functions = new TreeSet<>();
  final Set<String> tables = new TreeSet<>();
  private final Set<String> cteNames = new TreeSet<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Deque<Object> pending = new ArrayDeque<>();

  /** Walks the tree; throws {@link Refused} when it is too large or unsupported. */
  void walk(Statement statement) {
    pending.push(statement);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (seen.size() > MAX_NODES) {
        throw new Refused("too_complex");
      }
      record(node);
      expand(node);
    }
    tables.removeAll(cteNames);
  }

  private void record(Object node) {
    if (node instanceof UnsupportedStatement) {
      throw new Refused("unsupported");
    }
    if (node instanceof Statement statement) {
      statements.add(kind(statement));
    }
    if (node instanceof PlainSelect select && select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
      statements.add("select_into");
    }
    if (node instanceof Select select && select.getForMode() != null) {
      statements.add("select_locking");
    }
    if (node instanceof TableFunction wrapper && wrapper.getFunction() != null) {
      return; // FROM f(…): the wrapped function is walked and recorded on its own
    }
    if (node instanceof Function function) {
      functions.add(function.getMultipartName() != null ? name(function.getMultipartName())
          : name(List.of(String.valueOf(function.getName()))));
    } else if (node instanceof AnalyticExpression analytic) {
      functions.add(name(List.of(analytic.getName())));
    } else if (node instanceof NextValExpression) {
      functions.add("nextval");
    } else if (node instanceof Table table && table.getName() != null) {
      tables.add(name(table.getFullyQualifiedName().isEmpty() ? List.of(table.getName())
          : List.of(table.getFullyQualifiedName().split("\\."))));
    } else if (node instanceof WithItem<?> with && with.getAlias() != null) {
      cteNames.add(name(List.of(with.getAlias().getName())));
    }
  }

  private void expand(Object node) {
    if (node instanceof Collection<?> items) {
      items.forEach(this::offer);
    } else if (node instanceof Map<?, ?> map) {
      map.values().forEach(this::offer);
    } else if (node instanceof Object[] array) {
      for (Object item : array) {
        offer(item);
      }
    } else {
      for (Field field : FIELDS.get(node.getClass())) {
        if (node instanceof Column && field.getType() == Table.class) {
          continue; // orders.id names a table it does not read on its own
        }
        try {
          offer(field.get(node));
        } catch (IllegalAccessException e) {
          throw new Refused("unsupported");
        }
      }
    }
  }

  private void offer(Object value) {
    if (value == null) {
      return;
    }
    Class<?> type = value.getClass();
    boolean container = value instanceof Collection || value instanceof Map || value instanceof Object[];
    boolean ast = type.getName().startsWith(AST_PACKAGE) && !type.getName().startsWith(PARSER_PACKAGE)
        && !type.isEnum();
    if (container || ast) {
      pending.push(value);
    }
  }

  /** select, insert, delete, create_table, explain, …: the class name, snake_case. */
  static String kind(Statement statement) {
    if (statement instanceof Select) {
      return "select";
    }
    String name = statement.getClass().getSimpleName().replaceFirst("^Parenthesed", "")
        .replaceFirst("Statement$", "");
    return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Unquoted parts fold to lower case; quoted parts keep their case, without the quotes. */
  private static String name(List<String> parts) {
    List<String> folded = new ArrayList<>(parts.size());
    for (String part : parts) {
      if (part == null) {
        continue;
      }
      boolean quoted = part.length() > 1 && "\"`[".indexOf(part.charAt(0)) >= 0;
      folded.add(quoted ? part.substring(1, part.length() - 1) : part.toLowerCase(Locale.ROOT));
    }
    return String.join(".", folded);
  }

  private static List<Field> fieldsOf(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c.getName().startsWith(AST_PACKAGE); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
          field.setAccessible(true);
          fields.add(field);
        }
      }
    }
    return fields;
  }

  /** The statement cannot be judged; the code is the analysis error. */
  static final class Refused extends RuntimeException {
    final String code;

    Refused(String code) {
      super(code, null, false, false);
      this.code = code;
    }
  }
}
