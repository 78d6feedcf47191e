resource "aws_s3_bucket" "tests" {
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
