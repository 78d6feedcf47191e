# What a bridge needs, as a managed policy to attach to whatever runs it (a role, a user): consume
# the queue and read the match files, nothing else.
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
