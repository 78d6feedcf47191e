package org.cricketstream.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader finds what the Terraform test relies on, and what is wrong, in small files. */
class TerraformDefinitionsTest {
  @TempDir Path dir;

  @Test
  void referencesToUndeclaredNamesAreFound() throws IOException {
    Files.writeString(
        dir.resolve("main.tf"),
        """
        variable "declared" {
          default = "d"
        }

        # var.in_a_comment does not count
        resource "aws_sqs_queue" "q" {
          name = var.declared
          tags = { a = var.undeclared }
        }

        resource "aws_sqs_queue_policy" "p" {
          queue_url = aws_sqs_queue.q.id
          policy    = data.aws_iam_policy_document.missing.json
        }
        """);
    TerraformDefinitions tf = TerraformDefinitions.read(dir);
    assertThat(tf.references("var")).containsExactlyInAnyOrder("declared", "undeclared");
    assertThat(tf.variables()).containsOnlyKeys("declared");
    assertThat(tf.references("data")).containsExactly("aws_iam_policy_document.missing");
    assertThat(tf.dataSources()).isEmpty();
    assertThat(tf.references("resource")).contains("aws_sqs_queue.q");
    assertThat(tf.text("aws_sqs_queue", "q", "name")).isEqualTo("d");
    assertThat(tf.blockSource("resource", "aws_sqs_queue_policy", "p"))
        .startsWith("resource \"aws_sqs_queue_policy\" \"p\" {")
        .endsWith("}");
  }

  @Test
  void aSyntaxErrorNamesTheFile() throws IOException {
    Files.writeString(
        dir.resolve("broken.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n");
    assertThatThrownBy(() -> TerraformDefinitions.read(dir)).hasMessageContaining("broken.tf");
  }
}
