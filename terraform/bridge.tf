# What a bridge needs, as a managed policy to attach to whatever runs it (a role, a user): consume
# the queue, move the dead-letter queue's messages back to it (redrive), list and read the match
# files (reconciliation), nothing else.
data "aws_iam_policy_document" "bridge" {
  statement {
    sid = "ConsumeNotifications"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [aws_sqs_queue.events.arn]
  }

  statement {
    sid = "RedriveDeadLetters"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [aws_sqs_queue.events_dlq.arn]
  }

  statement {
    sid       = "SendRedrivenBack"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]
  }

  statement {
    sid       = "ListMatchFiles"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.tests.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.tests_prefix}*"]
    }
  }

  statement {
    sid       = "ReadMatchFiles"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.tests.arn}/${var.tests_prefix}*"]
  }
}

resource "aws_iam_policy" "bridge" {
  name        = "${var.name}-bridge"
  description = "Lets the cricket-stream S3 bridge consume its queue and read Test match files"
  policy      = data.aws_iam_policy_document.bridge.json
}
