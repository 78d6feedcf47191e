resource "aws_s3_bucket" "tests" {
  #checkov:skip=CKV_AWS_18:Access logging needs a second bucket; the bridge's SQS trail and CloudTrail data events cover who wrote what
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage for files the emitter rewrites from its source at will
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) is on; a KMS key would add per-request cost and a key policy S3 notifications need
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "tests" {
  bucket                  = aws_s3_bucket.tests.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "tests" {
  bucket = aws_s3_bucket.tests.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tests" {
  bucket = aws_s3_bucket.tests.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Every match file the Lambda writes notifies the queue; S3 sends an s3:TestEvent when this is set.
resource "aws_s3_bucket_notification" "tests" {
  bucket = aws_s3_bucket.tests.id

  queue {
    id            = "test-match-created"
    queue_arn     = aws_sqs_queue.events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.tests_prefix
    filter_suffix = var.tests_suffix
  }

  depends_on = [aws_sqs_queue_policy.events]
}

# Versioning keeps an overwritten or deleted match file recoverable; the position object is
# rewritten every few seconds, so old versions expire (lifecycle below).
resource "aws_s3_bucket_versioning" "tests" {
  bucket = aws_s3_bucket.tests.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "tests" {
  bucket = aws_s3_bucket.tests.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.tests]
}

# Only TLS: every request over plain HTTP is denied, whoever makes it.
data "aws_iam_policy_document" "tests_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.tests.arn, "${aws_s3_bucket.tests.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tests" {
  bucket     = aws_s3_bucket.tests.id
  policy     = data.aws_iam_policy_document.tests_bucket.json
  depends_on = [aws_s3_bucket_public_access_block.tests]
}
