package org.cricketstream.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTest {
  @Test
  void anExternalAddressIsPrintedWithoutItsPassword() {
    assertThat(
            Stack.withoutPassword(
                "jdbc:postgresql://db.x.supabase.co:5432/postgres?user=me&password=s3cr3t&ssl=true"))
        .isEqualTo(
            "jdbc:postgresql://db.x.supabase.co:5432/postgres?user=me&password=***&ssl=true");
    assertThat(Stack.withoutPassword("mongodb+srv://me:s3cr3t@cluster0.mongodb.net/cricket"))
        .isEqualTo("mongodb+srv://me:***@cluster0.mongodb.net/cricket");
    assertThat(Stack.withoutPassword("jdbc:postgresql://127.0.0.1:5432/cricket"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/cricket");
  }
}
