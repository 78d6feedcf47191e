package org.cricketstream.warehouse.dialect;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A reader's connection to the served database that sends each query whole to the server ({@link
 * DuckDbDialect#servedQuery}): {@code Statement.executeQuery}, {@code execute} and {@code addBatch}
 * of a statement that reads, and {@code prepareStatement} of one with no parameters (its text would
 * hide them in a literal; one with parameters runs as given, which Quack's client does for a query
 * of one table). Anything else, {@code SET} included, runs on the local connection as given, so the
 * reader's own confinement still answers it.
 */
final class ServedQueries implements InvocationHandler {
  private final Object target;
  private final String address;

  private ServedQueries(Object target, String address) {
    this.target = target;
    this.address = address;
  }

  static Connection of(Connection connection, String address) {
    return (Connection)
        Proxy.newProxyInstance(
            ServedQueries.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ServedQueries(connection, address));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    Object[] given = args;
    if (args != null
        && args.length > 0
        && args[0] instanceof String sql
        && DuckDbDialect.reads(sql)
        && (name.equals("executeQuery")
            || name.equals("execute")
            || name.equals("addBatch")
            || (name.equals("prepareStatement") && sql.indexOf('?') < 0))) {
      given = args.clone();
      given[0] = DuckDbDialect.servedQuery(address, sql);
    }
    Object result;
    try {
      result = method.invoke(target, given);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    // DuckDB's createStatement gives a prepared statement of its own: wrapped as a Statement
    if (result instanceof Statement statement && method.getReturnType() == Statement.class) {
      return Proxy.newProxyInstance(
          ServedQueries.class.getClassLoader(),
          new Class<?>[] {Statement.class},
          new ServedQueries(statement, address));
    }
    return result;
  }
}
