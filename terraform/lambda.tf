data "aws_iam_policy_document" "emitter_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "emitter" {
  name               = "${local.function_name}-role"
  assume_role_policy = data.aws_iam_policy_document.emitter_assume.json
}

# Least privilege: write match files under tests_prefix, read and write its one position object,
# read the source prefix, list only those prefixes, write its own logs.
data "aws_iam_policy_document" "emitter" {
  statement {
    sid       = "WriteMatchFiles"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.tests.arn}/${var.tests_prefix}*"]
  }

  statement {
    sid       = "KeepPosition"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.tests.arn}/${var.state_key}"]
  }

  dynamic "statement" {
    for_each = var.match_source == "bucket" ? [var.source_prefix] : []
    content {
      sid       = "ReadSourceMatches"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.tests.arn}/${statement.value}*"]
    }
  }

  statement {
    sid       = "ListSourceAndPosition"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.tests.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = var.match_source == "bucket" ? [var.state_key, "${var.source_prefix}*"] : [var.state_key]
    }
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.emitter.arn}:*"]
  }
}

resource "aws_iam_role_policy" "emitter" {
  name   = "${local.function_name}-policy"
  role   = aws_iam_role.emitter.id
  policy = data.aws_iam_policy_document.emitter.json
}

resource "aws_cloudwatch_log_group" "emitter" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest by default; the log holds file names and counts, nothing secret
  #checkov:skip=CKV_AWS_338:A generator's progress log; log_retention_days (default 14) keeps cost down, set it higher where needed
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "emitter" {
  #checkov:skip=CKV_AWS_116:A failed scheduled event carries no data: the next one repeats from the position object (retries are 0)
  #checkov:skip=CKV_AWS_117:It reaches only S3 over its public TLS endpoint; a VPC would need a NAT or an S3 endpoint for nothing gained
  #checkov:skip=CKV_AWS_115:Reserved concurrency fails to apply on accounts with the minimum unreserved pool; overlaps are safe (position object)
  #checkov:skip=CKV_AWS_272:The jar is built from this repository and pinned by source_code_hash; no signing profile exists for it
  #checkov:skip=CKV_AWS_173:The environment holds a bucket name, prefixes and durations, no secret; the default AWS-managed key encrypts it
  #checkov:skip=CKV_AWS_50:No X-Ray here; START/END/REPORT lines and the emitter's log tell what an invocation did
  function_name    = local.function_name
  description      = "Writes the next Test match YAML to S3 every ${var.emit_interval_seconds} s"
  role             = aws_iam_role.emitter.arn
  runtime          = var.lambda_runtime
  handler          = "org.cricketstream.lambda.YamlEmitterHandler::handleRequest"
  filename         = local.lambda_jar
  source_code_hash = filebase64sha256(local.lambda_jar)
  memory_size      = var.lambda_memory_mb
  timeout          = var.lambda_timeout_seconds

  environment {
    variables = {
      EMITTER_BUCKET        = aws_s3_bucket.tests.bucket
      EMITTER_TARGET_PREFIX = var.tests_prefix
      EMITTER_SOURCE        = local.match_source
      EMITTER_STATE_KEY     = var.state_key
      EMITTER_INTERVAL      = "PT${var.emit_interval_seconds}S"
      EMITTER_SCHEDULE      = var.schedule_expression
      JAVA_TOOL_OPTIONS     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    }
  }

  depends_on = [aws_iam_role_policy.emitter, aws_cloudwatch_log_group.emitter]
}

# An invocation emits until the next schedule is due; a retry would only overlap the next one.
resource "aws_lambda_function_event_invoke_config" "emitter" {
  function_name                = aws_lambda_function.emitter.function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 60
}
